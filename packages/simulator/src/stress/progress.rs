//! Progress of a long multi-threaded run, on stderr so that stdout stays
//! clean for the report: a redrawn bar on a terminal, a line per 10 % in CI
//! logs, or nothing.
//!
//! Workers call [`Progress::inc`] from any thread. Counting is one atomic
//! add; the writer is locked only when something is about to be shown, and
//! write errors (a closed pipe, say) are ignored: progress must never stop
//! the run it reports on.

use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// Characters between the brackets of the bar.
const BAR_WIDTH: u64 = 30;
/// The bar is redrawn at most this often while its percentage stands still,
/// so that elapsed time and ETA keep moving on slow runs.
const REDRAW_EVERY: Duration = Duration::from_millis(100);

/// How progress is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProgressStyle {
    /// One line redrawn in place with `\r`: for a terminal.
    Bar,
    /// A plain line at every 10 % step: for logs, where `\r` makes a mess.
    Lines,
    /// Nothing at all.
    Off,
}

/// A thread-safe progress counter and display; share it by reference (or in
/// an `Arc`) between worker threads.
pub struct Progress {
    label: String,
    total: u64,
    style: ProgressStyle,
    started: Instant,
    done: AtomicU64,
    /// Copies of `Output::shown_step` and of its time (milliseconds since
    /// `started`), read without the lock so that most calls to `inc` stop at
    /// an atomic load. The values under the lock are authoritative.
    shown_step: AtomicU64,
    shown_at_ms: AtomicU64,
    output: Mutex<Output>,
}

struct Output {
    writer: Box<dyn Write + Send>,
    /// Percentage (bar) or tenth (lines) last shown.
    shown_step: u64,
    shown_at: Instant,
    /// Characters in the bar last drawn, to blank what a shorter one leaves.
    drawn_width: usize,
    finished: bool,
}

impl Progress {
    /// Progress over `total` periods, shown on stderr.
    pub fn new(label: &str, total: u64, style: ProgressStyle) -> Self {
        Self::with_writer(label, total, style, Box::new(io::stderr()))
    }

    /// Progress shown on any writer (tests, a log file).
    pub fn with_writer(
        label: &str,
        total: u64,
        style: ProgressStyle,
        out: Box<dyn Write + Send>,
    ) -> Self {
        let started = Instant::now();
        let progress = Progress {
            label: label.to_string(),
            total,
            style,
            started,
            done: AtomicU64::new(0),
            shown_step: AtomicU64::new(0),
            shown_at_ms: AtomicU64::new(0),
            output: Mutex::new(Output {
                writer: out,
                shown_step: 0,
                shown_at: started,
                drawn_width: 0,
                finished: false,
            }),
        };
        // The bar shows up at once, so a slow first period does not look
        // like a hang.
        if style == ProgressStyle::Bar {
            progress.show(false, true);
        }
        progress
    }

    /// `Bar` when stderr is a terminal, `Lines` otherwise (pipes, CI logs).
    pub fn auto_style() -> ProgressStyle {
        if io::stderr().is_terminal() {
            ProgressStyle::Bar
        } else {
            ProgressStyle::Lines
        }
    }

    /// Counts `n` more periods done; callable from any thread.
    pub fn inc(&self, n: u64) {
        let done = self.done.fetch_add(n, Ordering::Relaxed).saturating_add(n);
        let step = match self.style {
            ProgressStyle::Off => return,
            ProgressStyle::Bar => self.percent(done),
            ProgressStyle::Lines => self.percent(done) / 10,
        };
        let shown = self.shown_step.load(Ordering::Relaxed);
        let due = match self.style {
            ProgressStyle::Bar => {
                step != shown || {
                    let since = self
                        .elapsed_ms()
                        .saturating_sub(self.shown_at_ms.load(Ordering::Relaxed));
                    since >= REDRAW_EVERY.as_millis() as u64
                }
            }
            _ => step > shown,
        };
        if due {
            self.show(false, false);
        }
    }

    /// Periods counted so far.
    pub fn position(&self) -> u64 {
        self.done.load(Ordering::Relaxed)
    }

    /// Shows the final state (100 % once every period is counted) and ends
    /// the line. Later calls, and later `inc`s, show nothing more.
    pub fn finish(&self) {
        if self.style != ProgressStyle::Off {
            self.show(true, false);
        }
    }

    /// Draws the current state if it is still news once the lock is held
    /// (another thread may have drawn it meanwhile), unless `force`d.
    fn show(&self, last: bool, force: bool) {
        let mut output = self.lock();
        if output.finished {
            return;
        }
        let done = self.done.load(Ordering::Relaxed);
        let now = Instant::now();
        let step = match self.style {
            ProgressStyle::Bar => self.percent(done),
            _ => self.percent(done) / 10,
        };
        let due = last
            || force
            || match self.style {
                ProgressStyle::Bar => {
                    step != output.shown_step || now.duration_since(output.shown_at) >= REDRAW_EVERY
                }
                _ => step > output.shown_step,
            };
        if !due {
            return;
        }
        let elapsed = now.duration_since(self.started);
        let text = match self.style {
            ProgressStyle::Bar => {
                let line = self.bar_line(done, elapsed, last);
                let width = line.chars().count();
                let blank = output.drawn_width.saturating_sub(width);
                output.drawn_width = width;
                let end = if last { "\n" } else { "" };
                format!("\r{line}{:blank$}{end}", "")
            }
            _ => format!("{}\n", self.plain_line(done, elapsed, last)),
        };
        // A failed write loses one progress line, nothing more.
        let _ = output.writer.write_all(text.as_bytes());
        let _ = output.writer.flush();
        output.shown_step = step;
        output.shown_at = now;
        output.finished = last;
        self.shown_step.store(step, Ordering::Relaxed);
        self.shown_at_ms.store(millis(elapsed), Ordering::Relaxed);
    }

    /// A poisoned lock only means another thread panicked mid-write; the
    /// display state is still usable.
    fn lock(&self) -> MutexGuard<'_, Output> {
        self.output.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn elapsed_ms(&self) -> u64 {
        millis(self.started.elapsed())
    }

    /// Whole percent done, rounded down so that 100 % means all done; a
    /// run of zero periods is complete.
    fn percent(&self, done: u64) -> u64 {
        if self.total == 0 {
            return 100;
        }
        (u128::from(done.min(self.total)) * 100 / u128::from(self.total)) as u64
    }

    /// `label [#####-----]  37%  1 234/3 300 periods  elapsed 12s  eta 20s`.
    fn bar_line(&self, done: u64, elapsed: Duration, last: bool) -> String {
        let filled = if self.total == 0 {
            BAR_WIDTH
        } else {
            (u128::from(done.min(self.total)) * u128::from(BAR_WIDTH) / u128::from(self.total))
                as u64
        };
        let bar: String = (0..BAR_WIDTH)
            .map(|i| if i < filled { '#' } else { '-' })
            .collect();
        format!(
            "{} [{bar}] {:>3}%  {}",
            self.label,
            self.percent(done),
            self.counts_and_times(done, elapsed, last)
        )
    }

    /// `label  40%  1 320/3 300 periods  elapsed 5s  eta 8s`.
    fn plain_line(&self, done: u64, elapsed: Duration, last: bool) -> String {
        format!(
            "{} {:>3}%  {}",
            self.label,
            self.percent(done),
            self.counts_and_times(done, elapsed, last)
        )
    }

    fn counts_and_times(&self, done: u64, elapsed: Duration, last: bool) -> String {
        let counts = format!("{}/{} periods", grouped(done), grouped(self.total));
        if last {
            return format!("{counts}  done in {}", format_duration(elapsed));
        }
        let eta = if done == 0 {
            "--".to_string()
        } else {
            let left = self.total.saturating_sub(done);
            let per_period = elapsed.as_secs_f64() / done as f64;
            format_duration(
                Duration::try_from_secs_f64(per_period * left as f64).unwrap_or(Duration::MAX),
            )
        };
        format!("{counts}  elapsed {}  eta {eta}", format_duration(elapsed))
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// `1234567` → `1 234 567`.
fn grouped(value: u64) -> String {
    let digits = value.to_string();
    let groups: Vec<&str> = digits
        .as_bytes()
        .rchunks(3)
        .rev()
        .map(|group| std::str::from_utf8(group).unwrap_or_default())
        .collect();
    groups.join(" ")
}

/// `42s`, `3m 05s`, `2h 07m`.
fn format_duration(duration: Duration) -> String {
    let seconds = duration.as_secs();
    match seconds {
        0..=59 => format!("{seconds}s"),
        60..=3_599 => format!("{}m {:02}s", seconds / 60, seconds % 60),
        _ => format!("{}h {:02}m", seconds / 3_600, seconds % 3_600 / 60),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::thread;

    use super::*;

    /// An in-memory writer whose contents the test can read back.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Shared {
        fn text(&self) -> String {
            String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
        }
    }

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// A writer that always fails.
    struct Broken;

    impl Write for Broken {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::new(io::ErrorKind::BrokenPipe, "closed"))
        }

        fn flush(&mut self) -> io::Result<()> {
            Err(io::Error::new(io::ErrorKind::BrokenPipe, "closed"))
        }
    }

    fn progress(total: u64, style: ProgressStyle) -> (Progress, Shared) {
        let out = Shared::default();
        let progress = Progress::with_writer("stress", total, style, Box::new(out.clone()));
        (progress, out)
    }

    #[test]
    fn is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Progress>();
    }

    #[test]
    fn lines_print_every_tenth_and_a_final_line() {
        let (progress, out) = progress(100, ProgressStyle::Lines);
        assert_eq!(out.text(), "", "nothing before the first tenth");
        for _ in 0..100 {
            progress.inc(1);
        }
        progress.finish();
        let text = out.text();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 11, "{text}");
        for (tenth, line) in lines[..10].iter().enumerate() {
            let percent = format!("{:>3}%", 10 * (tenth + 1));
            assert!(line.starts_with(&format!("stress {percent}  ")), "{line}");
            assert!(line.contains(&format!("{}/100 periods", 10 * (tenth + 1))));
        }
        assert!(lines[10].starts_with("stress 100%  100/100 periods  done in "));
        assert!(text.ends_with('\n') && !text.contains('\r'));
    }

    #[test]
    fn lines_skip_to_the_current_tenth() {
        let (progress, out) = progress(1_000, ProgressStyle::Lines);
        progress.inc(370);
        progress.inc(5);
        progress.inc(1_000);
        let text = out.text();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert!(lines[0].starts_with("stress  37%  370/1 000 periods"));
        assert!(lines[1].starts_with("stress 100%  1 375/1 000 periods"));
    }

    #[test]
    fn off_prints_nothing() {
        let (progress, out) = progress(100, ProgressStyle::Off);
        for _ in 0..100 {
            progress.inc(1);
        }
        progress.finish();
        assert_eq!(out.text(), "");
        assert_eq!(progress.position(), 100);
    }

    #[test]
    fn bar_redraws_in_place_and_ends_with_a_newline() {
        let (progress, out) = progress(3_300, ProgressStyle::Bar);
        assert!(out
            .text()
            .starts_with("\rstress [------------------------------]   0%  0/3 300"));
        for _ in 0..3_300 {
            progress.inc(1);
        }
        progress.finish();
        let text = out.text();
        assert!(text.ends_with('\n'));
        assert_eq!(text.matches('\n').count(), 1, "only the final newline");
        let last = text.trim_end().rsplit('\r').next().unwrap();
        assert!(
            last.starts_with("stress [##############################] 100%  3 300/3 300 periods"),
            "{last}"
        );
        // Every percent is shown once at least, but not every period.
        let draws = text.matches('\r').count();
        assert!((101..3_300).contains(&draws), "{draws} draws");
    }

    #[test]
    fn finish_is_final() {
        let (progress, out) = progress(10, ProgressStyle::Lines);
        progress.inc(10);
        progress.finish();
        let shown = out.text();
        progress.inc(5);
        progress.finish();
        assert_eq!(out.text(), shown);
        assert_eq!(progress.position(), 15);
    }

    #[test]
    fn counts_from_many_threads_add_up() {
        let (progress, out) = progress(8_000, ProgressStyle::Lines);
        thread::scope(|scope| {
            for _ in 0..8 {
                scope.spawn(|| {
                    for _ in 0..1_000 {
                        progress.inc(1);
                    }
                });
            }
        });
        progress.finish();
        assert_eq!(progress.position(), 8_000);
        // Threads racing past a tenth may merge two lines into one; the
        // final count is exact.
        let text = out.text();
        assert!((2..=11).contains(&text.lines().count()), "{text}");
        let last = text.lines().last().unwrap();
        assert!(
            last.starts_with("stress 100%  8 000/8 000 periods  done in "),
            "{last}"
        );
    }

    #[test]
    fn write_errors_are_ignored() {
        for style in [ProgressStyle::Bar, ProgressStyle::Lines] {
            let progress = Progress::with_writer("stress", 10, style, Box::new(Broken));
            for _ in 0..10 {
                progress.inc(1);
            }
            progress.finish();
            assert_eq!(progress.position(), 10);
        }
    }

    #[test]
    fn zero_total_is_complete() {
        let (progress, out) = progress(0, ProgressStyle::Bar);
        progress.finish();
        assert!(out.text().contains("100%  0/0 periods  done in "));
    }

    #[test]
    fn formatting_helpers() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_234), "1 234");
        assert_eq!(grouped(1_234_567), "1 234 567");
        assert_eq!(format_duration(Duration::from_secs(42)), "42s");
        assert_eq!(format_duration(Duration::from_secs(185)), "3m 05s");
        assert_eq!(format_duration(Duration::from_secs(7_620)), "2h 07m");
    }
}
