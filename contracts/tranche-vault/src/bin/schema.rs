use cosmwasm_schema::{export_schema, schema_for, write_api};
use insurance_common::tranche_vault::{
    ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg, ReceiveMsg, SudoMsg,
};

fn main() {
    write_api! {
        name: "tranche-vault",
        instantiate: InstantiateMsg,
        execute: ExecuteMsg,
        query: QueryMsg,
        sudo: SudoMsg,
        migrate: MigrateMsg,
    }
    // The message a holder puts in a cw20 `Send` to the vault (the `msg` of
    // the `Receive` hook): outside the execute API, so written beside it.
    export_schema(&schema_for!(ReceiveMsg), std::path::Path::new("schema/raw"));
}
