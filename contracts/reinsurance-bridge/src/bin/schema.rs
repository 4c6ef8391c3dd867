use cosmwasm_schema::write_api;
use insurance_common::reinsurance_bridge::{
    ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg, SudoMsg,
};

fn main() {
    write_api! {
        name: "reinsurance-bridge",
        instantiate: InstantiateMsg,
        execute: ExecuteMsg,
        query: QueryMsg,
        sudo: SudoMsg,
        migrate: MigrateMsg,
    }
}
