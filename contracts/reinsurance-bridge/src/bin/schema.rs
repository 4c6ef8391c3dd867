use cosmwasm_schema::{export_schema, schema_for, write_api};
use insurance_common::reinsurance_bridge::{
    BridgeAck, BridgePacket, ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg, SudoMsg,
    TransferMemo,
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
    // The wire protocol between two bridges, outside the contract API: the
    // packets, the payload of a success ack (inside `StdAck`), and the memo
    // of the bridges' ICS-20 transfers.
    let raw = std::path::Path::new("schema/raw");
    export_schema(&schema_for!(BridgePacket), raw);
    export_schema(&schema_for!(BridgeAck), raw);
    export_schema(&schema_for!(TransferMemo), raw);
}
