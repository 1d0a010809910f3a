//! What one check process said on its results channel, judged against the protocol.
//!
//! The grader trusts a line only when it is a well-formed message with the job's token and it
//! comes where the protocol puts it: `Hello` first, then `Started` and `Finished` for each check
//! of the job in the job's order, then `End`, and nothing after. Anything else (a result for a
//! check that is not in progress, a second result, an unknown id, a malformed line, a line after
//! the end) is a violation, and none of the process's results count.
//!
//! A check's result is also only taken once the process has gone on to the next event (the next
//! check's `Started`, or `End`): a result followed by a crash is the crash's. So code that
//! forges "finished X pass" from inside check X and then aborts scores nothing for X.

use grader_protocol::{Event, Message, Outcome};
use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

/// One line of the channel, as the reader thread read it.
#[derive(Debug, Clone)]
pub enum Line {
    Event(Event),
    /// Not a message of this run: why.
    Malformed(String),
}

impl Line {
    /// Parses one line (without its newline) of a run whose token is `token`.
    pub fn parse(line: &[u8], token: &str) -> Line {
        match serde_json::from_slice::<Message>(line) {
            Ok(message) if message.token == token => Line::Event(message.event),
            Ok(_) => Line::Malformed("a line with another token".to_string()),
            Err(_) => {
                let text = String::from_utf8_lossy(line);
                let mut shown: String = text.chars().take(60).collect();
                if shown.len() < text.len() {
                    shown.push_str("...");
                }
                Line::Malformed(format!("a line that is not an event: {shown:?}"))
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Phase {
    /// Nothing yet: the first event must be `Hello`.
    Hello,
    /// Between checks: the next is `Started` of the job's next check, or `End`.
    Between,
    /// A check started and has not reported.
    Running(String),
    /// A check reported (and whether it read the seed), and the process has not yet gone on.
    Reported(String, Outcome, String, bool),
    /// The process reported its end.
    Ended,
}

/// The protocol's state after the lines read so far.
#[derive(Debug)]
pub struct Transcript {
    job: Vec<String>,
    /// How many checks of the job have started.
    started: usize,
    phase: Phase,
    /// The sandbox the process reported in its `Hello`.
    pub sandbox: Option<String>,
    /// Results the process reported and went on from, in order: (id, outcome, message).
    pub finished: Vec<(String, Outcome, String)>,
    /// The reported checks that read the grading seed.
    pub seeded: BTreeSet<String>,
    /// The first violation, if any; lines after it are ignored.
    pub violation: Option<String>,
    /// How long each reported check took, from its start to its result as the grader read them.
    pub durations: BTreeMap<String, Duration>,
    /// When the check in progress started.
    started_at: Option<Instant>,
}

impl Transcript {
    /// An empty transcript of a process given the checks `job`, in order.
    pub fn new(job: Vec<String>) -> Transcript {
        Transcript {
            job,
            started: 0,
            phase: Phase::Hello,
            sandbox: None,
            finished: Vec::new(),
            seeded: BTreeSet::new(),
            violation: None,
            durations: BTreeMap::new(),
            started_at: None,
        }
    }

    pub fn record(&mut self, line: Line) {
        if self.violation.is_some() {
            return;
        }
        let event = match line {
            Line::Event(event) => event,
            Line::Malformed(what) => return self.violate(format!("wrote {what}")),
        };
        let phase = std::mem::replace(&mut self.phase, Phase::Hello);
        self.phase = match (phase, event) {
            (Phase::Hello, Event::Hello { sandbox }) => {
                self.sandbox = Some(sandbox);
                Phase::Between
            }
            (Phase::Hello, event) => {
                return self.violate(format!("began with {}, not its sandbox", describe(&event)))
            }
            (
                Phase::Reported(id, outcome, message, seeded),
                event @ (Event::Started { .. } | Event::End),
            ) => {
                if seeded {
                    self.seeded.insert(id.clone());
                }
                self.finished.push((id, outcome, message));
                self.phase = Phase::Between;
                return self.record(Line::Event(event));
            }
            (Phase::Between, Event::Started { id }) => match self.job.get(self.started) {
                Some(next) if *next == id => {
                    self.started += 1;
                    self.started_at = Some(Instant::now());
                    Phase::Running(id)
                }
                _ => return self.violate(format!("started {}", self.unexpected(&id))),
            },
            (Phase::Between, Event::End) if self.started == self.job.len() => Phase::Ended,
            (Phase::Between, Event::End) => {
                return self.violate(format!(
                    "reported its end before running `{}`",
                    self.job[self.started]
                ))
            }
            (
                Phase::Running(running),
                Event::Finished {
                    id,
                    outcome,
                    message,
                    seeded,
                },
            ) if running == id => {
                if let Some(started) = self.started_at.take() {
                    self.durations.insert(id.clone(), started.elapsed());
                }
                Phase::Reported(id, outcome, message, seeded)
            }
            (Phase::Running(running), event) => {
                return self.violate(format!(
                    "wrote {} while `{running}` was in progress",
                    describe(&event)
                ))
            }
            (Phase::Ended, event) => {
                return self.violate(format!(
                    "wrote {} after reporting its end",
                    describe(&event)
                ))
            }
            (Phase::Reported(id, ..), Event::Finished { id: again, .. }) if id == again => {
                return self.violate(format!("wrote a second result for `{id}`"))
            }
            (_, Event::Finished { id, .. }) => {
                return self.violate(format!("wrote a result for {}", self.unexpected(&id)))
            }
            (_, event) => return self.violate(format!("wrote {} out of turn", describe(&event))),
        };
    }

    fn violate(&mut self, what: String) {
        self.violation = Some(what);
    }

    /// Why `id` was not expected: unknown, already run, or out of order.
    fn unexpected(&self, id: &str) -> String {
        match self.job.iter().position(|check| check == id) {
            None => format!("`{id}`, which is not a check of its job"),
            Some(at) if at < self.started => format!("`{id}`, which had already run"),
            Some(_) => format!("`{id}`, which was not the check in progress"),
        }
    }

    /// The check the process was running when it stopped: started, and either without a result
    /// or with one it had not gone on from.
    pub fn in_progress(&self) -> Option<&str> {
        match &self.phase {
            Phase::Running(id) | Phase::Reported(id, ..) => Some(id),
            _ => None,
        }
    }

    pub fn ended(&self) -> bool {
        self.phase == Phase::Ended
    }
}

fn describe(event: &Event) -> String {
    match event {
        Event::Hello { .. } => "a second sandbox report".to_string(),
        Event::Started { id } => format!("a start of `{id}`"),
        Event::Finished { id, .. } => format!("a result for `{id}`"),
        Event::End => "an end".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hello() -> Line {
        Line::Event(Event::Hello {
            sandbox: "landlock ABI 7".to_string(),
        })
    }
    fn started(id: &str) -> Line {
        Line::Event(Event::Started { id: id.to_string() })
    }
    fn finished(id: &str, outcome: Outcome) -> Line {
        Line::Event(Event::Finished {
            id: id.to_string(),
            outcome,
            message: String::new(),
            seeded: false,
        })
    }
    fn end() -> Line {
        Line::Event(Event::End)
    }

    fn transcript(lines: Vec<Line>) -> Transcript {
        let mut transcript = Transcript::new(vec!["a".to_string(), "b".to_string()]);
        for line in lines {
            transcript.record(line);
        }
        transcript
    }

    #[test]
    fn an_honest_run() {
        let t = transcript(vec![
            hello(),
            started("a"),
            finished("a", Outcome::Pass),
            started("b"),
            finished("b", Outcome::Fail),
            end(),
        ]);
        assert_eq!(t.violation, None);
        assert!(t.ended());
        assert_eq!(t.sandbox.as_deref(), Some("landlock ABI 7"));
        assert_eq!(t.finished.len(), 2);
        assert_eq!(t.in_progress(), None);
    }

    #[test]
    fn a_result_counts_only_once_the_process_went_on() {
        let t = transcript(vec![hello(), started("a"), finished("a", Outcome::Pass)]);
        assert_eq!(t.violation, None);
        assert!(t.finished.is_empty());
        assert_eq!(t.in_progress(), Some("a"));
    }

    #[test]
    fn every_violation_is_named() {
        let cases: Vec<(Vec<Line>, &str)> = vec![
            (
                vec![started("a")],
                "began with a start of `a`, not its sandbox",
            ),
            (
                vec![hello(), hello()],
                "wrote a second sandbox report out of turn",
            ),
            (
                vec![hello(), started("b")],
                "started `b`, which was not the check in progress",
            ),
            (
                vec![hello(), started("zzz")],
                "started `zzz`, which is not a check of its job",
            ),
            (
                vec![hello(), started("a"), finished("b", Outcome::Pass)],
                "wrote a result for `b` while `a` was in progress",
            ),
            (
                vec![
                    hello(),
                    started("a"),
                    finished("a", Outcome::Fail),
                    finished("a", Outcome::Pass),
                ],
                "wrote a second result for `a`",
            ),
            (
                vec![
                    hello(),
                    started("a"),
                    finished("a", Outcome::Fail),
                    started("b"),
                    finished("a", Outcome::Pass),
                ],
                "wrote a result for `a` while `b` was in progress",
            ),
            (
                vec![hello(), finished("zzz", Outcome::Pass)],
                "wrote a result for `zzz`, which is not a check of its job",
            ),
            (
                vec![
                    hello(),
                    started("a"),
                    finished("a", Outcome::Fail),
                    finished("zzz", Outcome::Pass),
                ],
                "wrote a result for `zzz`, which is not a check of its job",
            ),
            (vec![hello(), end()], "reported its end before running `a`"),
            (
                vec![hello(), started("a"), end()],
                "wrote an end while `a` was in progress",
            ),
            (
                vec![
                    hello(),
                    started("a"),
                    finished("a", Outcome::Fail),
                    started("b"),
                    finished("b", Outcome::Fail),
                    end(),
                    finished("b", Outcome::Pass),
                ],
                "wrote a result for `b` after reporting its end",
            ),
            (
                vec![
                    hello(),
                    Line::Malformed("a line that is not an event: \"x\"".to_string()),
                ],
                "wrote a line that is not an event: \"x\"",
            ),
        ];
        for (lines, expected) in cases {
            let t = transcript(lines);
            assert_eq!(t.violation.as_deref(), Some(expected));
        }
    }

    #[test]
    fn lines_are_parsed_with_the_token() {
        let line = br#"{"token":"abc","event":{"kind":"started","id":"a"}}"#;
        assert!(matches!(
            Line::parse(line, "abc"),
            Line::Event(Event::Started { .. })
        ));
        assert!(matches!(Line::parse(line, "abd"), Line::Malformed(_)));
        let old = br#"{"event":"finished","id":"a","outcome":"pass","message":""}"#;
        assert!(matches!(Line::parse(old, "abc"), Line::Malformed(_)));
        assert!(matches!(
            Line::parse(b"\x93NUMPY", "abc"),
            Line::Malformed(_)
        ));
    }
}
