//! Property tests over random sequences of actions: the runner and the tally
//! that proves the invariants were checked on a protocol that works (most
//! actions went through, every kind often), not on one refusing everything.
//! Included by the property tests with `#[path = "shared/sequences.rs"] mod sequences;`.

use std::cell::RefCell;
use std::fmt::Debug;

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, TestRunner};

/// Actions tried and done, per kind.
#[derive(Debug)]
pub struct Tally<const KINDS: usize> {
    pub names: [&'static str; KINDS],
    pub tried: [u64; KINDS],
    pub done: [u64; KINDS],
}

impl<const KINDS: usize> Tally<KINDS> {
    pub fn new(names: [&'static str; KINDS]) -> Self {
        Tally {
            names,
            tried: [0; KINDS],
            done: [0; KINDS],
        }
    }

    pub fn count(&mut self, kind: usize, ok: bool) {
        self.tried[kind] += 1;
        self.done[kind] += ok as u64;
    }
}

/// Runs `run` on `PROPTEST_CASES` (48 by default) sequences of 1 to 39
/// actions, then checks that more than half of all actions went through and
/// at least a fifth of every kind.
pub fn run_sequences<const KINDS: usize, Op: Debug + Clone>(
    names: [&'static str; KINDS],
    op: impl Strategy<Value = Op>,
    run: impl Fn(Vec<Op>, &mut Tally<KINDS>),
) {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(48);
    let mut runner = TestRunner::new(Config {
        cases,
        max_shrink_iters: 200,
        ..Config::default()
    });
    let tally = RefCell::new(Tally::new(names));
    runner
        .run(&proptest::collection::vec(op, 1..40), |ops| {
            run(ops, &mut tally.borrow_mut());
            Ok(())
        })
        .unwrap();
    let t = tally.into_inner();
    let (tried, done): (u64, u64) = (t.tried.iter().sum(), t.done.iter().sum());
    println!("{t:?}");
    assert!(
        done * 2 > tried,
        "only {done} of {tried} actions went through"
    );
    for ((name, done), tried) in t.names.iter().zip(t.done).zip(t.tried) {
        assert!(
            done * 5 >= tried && done > 0,
            "{name}: {done} of {tried} went through"
        );
    }
}
