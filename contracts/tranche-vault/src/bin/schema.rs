use cosmwasm_schema::write_api;
use insurance_common::tranche_vault::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg, SudoMsg};

fn main() {
    write_api! {
        name: "tranche-vault",
        instantiate: InstantiateMsg,
        execute: ExecuteMsg,
        query: QueryMsg,
        sudo: SudoMsg,
        migrate: MigrateMsg,
    }
}
