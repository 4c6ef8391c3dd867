use cosmwasm_schema::write_api;
use insurance_common::claims_court::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg, SudoMsg};

fn main() {
    write_api! {
        name: "claims-court",
        instantiate: InstantiateMsg,
        execute: ExecuteMsg,
        query: QueryMsg,
        sudo: SudoMsg,
        migrate: MigrateMsg,
    }
}
