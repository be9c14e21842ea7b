//! Maps JSON pointers back to line and column in the spec text.
//!
//! The typed OpenAPI model forgets positions, so when there is something to report we re-read the
//! text once with an event parser (YAML is a superset of the JSON specs use) and record where
//! every node starts.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostic::{escape_token, Position};

/// Positions of every node of a document, keyed by JSON pointer (`#`, `#/paths`, ...).
#[derive(Debug, Default)]
pub struct SourceMap {
    positions: HashMap<String, Position>,
}

enum Frame {
    Mapping {
        pointer: String,
        key: Option<String>,
    },
    Sequence {
        pointer: String,
        index: usize,
    },
}

struct Builder {
    stack: Vec<Frame>,
    positions: HashMap<String, Position>,
}

impl Builder {
    /// The pointer of the value that starts now, advancing the parent's state; `None` for a key.
    fn next_value_pointer(&mut self) -> Option<String> {
        match self.stack.last_mut() {
            None => Some("#".to_string()),
            Some(Frame::Mapping { pointer, key }) => key
                .take()
                .map(|k| format!("{pointer}/{}", escape_token(&k))),
            Some(Frame::Sequence { pointer, index }) => {
                let p = format!("{pointer}/{index}");
                *index += 1;
                Some(p)
            }
        }
    }

    fn record(&mut self, pointer: &str, mark: Marker) {
        self.positions
            .entry(pointer.to_string())
            .or_insert(Position {
                line: mark.line(),
                column: mark.col() + 1,
            });
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(value, ..) => {
                let is_key = matches!(self.stack.last(), Some(Frame::Mapping { key: None, .. }));
                if is_key {
                    if let Some(Frame::Mapping { pointer, key }) = self.stack.last_mut() {
                        let p = format!("{pointer}/{}", escape_token(&value));
                        *key = Some(value);
                        // A key's position is the best place to point at for its value too.
                        self.positions.entry(p).or_insert(Position {
                            line: mark.line(),
                            column: mark.col() + 1,
                        });
                    }
                } else if let Some(p) = self.next_value_pointer() {
                    self.record(&p, mark);
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let pointer = self.next_value_pointer().unwrap_or_default();
                self.record(&pointer, mark);
                self.stack.push(if matches!(ev, Event::MappingStart(..)) {
                    Frame::Mapping { pointer, key: None }
                } else {
                    Frame::Sequence { pointer, index: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            Event::Alias(_) => {
                self.next_value_pointer();
            }
            _ => {}
        }
    }
}

impl SourceMap {
    /// Indexes `text`; a text the event parser rejects yields the positions read before the error.
    pub fn build(text: &str) -> Self {
        let mut builder = Builder {
            stack: Vec::new(),
            positions: HashMap::new(),
        };
        let mut parser = Parser::new_from_str(text);
        // Errors are already reported by the real parser; positions up to them are still useful.
        let _ = parser.load(&mut builder, false);
        Self {
            positions: builder.positions,
        }
    }

    /// The position of `pointer`, or of its nearest ancestor that has one.
    pub fn find(&self, pointer: &str) -> Option<Position> {
        let mut p = pointer;
        loop {
            if let Some(pos) = self.positions.get(p) {
                return Some(*pos);
            }
            p = &p[..p.rfind('/')?];
        }
    }
}
