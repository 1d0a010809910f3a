//! The results channel: the grader's pipe, taken away from student code before it runs.

use grader_protocol::{Event, Message, MAX_MESSAGE};
#[cfg(unix)]
use std::fs::File;
use std::io::{self, Write};

/// Where the events go. On Unix a file descriptor that only this value holds; elsewhere stdout.
pub struct Channel {
    #[cfg(unix)]
    pipe: File,
    token: String,
}

impl Channel {
    /// Takes the grader's pipe (this process's stdout) for the results, and points stdout at
    /// stderr, so that nothing student code prints reaches the channel.
    ///
    /// The pipe moves to a new descriptor that is closed on `exec`: a process student code
    /// starts does not inherit it, and no name of it is written down anywhere. (Student code
    /// could still open `/proc/self/fd/N`; Landlock, applied next, denies all of `/proc`.)
    #[cfg(unix)]
    pub fn take() -> io::Result<Channel> {
        use std::os::fd::AsFd;
        let pipe = rustix::io::fcntl_dupfd_cloexec(io::stdout().as_fd(), 3)?;
        rustix::stdio::dup2_stdout(io::stderr().as_fd())?;
        Ok(Channel {
            pipe: File::from(pipe),
            token: String::new(),
        })
    }

    /// Windows: stdout cannot be moved without unsafe code, so it stays the channel; student
    /// prints share it, and the grader reads only lines with the job's token.
    #[cfg(not(unix))]
    pub fn take() -> io::Result<Channel> {
        Ok(Channel {
            token: String::new(),
        })
    }

    /// From now on every line carries `token`, the job's.
    pub fn set_token(&mut self, token: &str) {
        self.token = token.to_string();
    }

    /// Writes one event as one line, in one write, and flushes it: whatever ends the process
    /// afterwards, the line is all there.
    pub fn send(&mut self, event: Event) -> io::Result<()> {
        let event = match event {
            Event::Finished {
                id,
                outcome,
                message,
                seeded,
            } => Event::Finished {
                id,
                outcome,
                message: cut(message, MAX_MESSAGE),
                seeded,
            },
            other => other,
        };
        let message = Message {
            token: self.token.clone(),
            event,
        };
        let mut line = serde_json::to_string(&message).map_err(io::Error::other)?;
        line.push('\n');
        #[cfg(unix)]
        {
            self.pipe.write_all(line.as_bytes())?;
            self.pipe.flush()
        }
        #[cfg(not(unix))]
        {
            // A line of its own even after a student's `print!` without a newline.
            line.insert(0, '\n');
            let mut stdout = io::stdout().lock();
            stdout.write_all(line.as_bytes())?;
            stdout.flush()
        }
    }
}

/// `text` cut to at most `max` bytes, on a character boundary, saying so.
fn cut(mut text: String, max: usize) -> String {
    const MORE: &str = " [...]";
    if text.len() <= max {
        return text;
    }
    let mut end = max - MORE.len();
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text.push_str(MORE);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_messages_are_cut_on_a_character_boundary() {
        assert_eq!(cut("short".to_string(), 100), "short");
        let long = "é".repeat(100);
        let cut = cut(long, 51);
        assert!(cut.len() <= 51, "{}", cut.len());
        assert!(cut.ends_with(" [...]"));
    }
}
