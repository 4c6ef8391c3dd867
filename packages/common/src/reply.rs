//! Replies. Every contract numbers its submessages with a `ReplyId` enum in
//! a leaf module of its own (`reply_ids.rs`, which imports no handler) and
//! carries what a reply needs in the submessage's `payload`: the context
//! travels with the message, no storage is written and removed per call,
//! and two submessages of one kind in flight cannot overwrite each other's
//! context.

use thiserror::Error;

/// A reply with an id the contract never sent.
#[derive(Error, Debug, PartialEq)]
#[error("unknown reply id {id}")]
pub struct UnknownReplyId {
    pub id: u64,
}

/// A contract's reply ids: a fieldless `#[repr(u64)]` enum listing them all.
pub trait ReplyIds: Copy + 'static {
    const ALL: &'static [Self];

    fn id(self) -> u64;

    fn from_id(id: u64) -> Result<Self, UnknownReplyId> {
        Self::ALL
            .iter()
            .copied()
            .find(|r| r.id() == id)
            .ok_or(UnknownReplyId { id })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy, Debug, PartialEq)]
    #[repr(u64)]
    enum Ids {
        A = 1,
        B = 2,
    }

    impl ReplyIds for Ids {
        const ALL: &'static [Self] = &[Ids::A, Ids::B];
        fn id(self) -> u64 {
            self as u64
        }
    }

    #[test]
    fn ids_round_trip_and_unknown_ones_are_refused() {
        for id in Ids::ALL {
            assert_eq!(Ids::from_id(id.id()), Ok(*id));
        }
        assert_eq!(Ids::from_id(3), Err(UnknownReplyId { id: 3 }));
    }
}
