//! What ended a check process early, in the same words on every platform.
//!
//! Unix reports a crash as a signal; Windows reports it as an exit code that is an NTSTATUS
//! value (an abort is the fast-fail code, 0xC0000409). Both are translated here, so that a
//! student on Windows reads "abort" where a student on Linux does, and neither is told that
//! their code "exited with code -1073740791".

/// An abort: what `std::process::abort`, a panic during a panic, or a failed allocation do.
const ABORT: &str =
    "aborted: a panic while panicking, a stack overflow (a recursion that never stops?), \
     a failed allocation (more memory than the limit?) or `std::process::abort`";
// Signals exist on Unix only; the words are kept, and tested, on every platform.
#[cfg_attr(not(unix), allow(dead_code))]
const KILLED: &str = "was killed: perhaps the machine ran out of memory";
const SEGFAULT: &str = "crashed with a segmentation fault (an invalid memory access)";
const STACK_OVERFLOW: &str = "overflowed its stack (a recursion that never stops?)";
const ILLEGAL_INSTRUCTION: &str = "crashed on an illegal instruction";

/// A Unix signal that ended the process; `file_size_mib` is the file-size limit it ran with.
#[cfg_attr(not(unix), allow(dead_code))]
pub fn describe_signal(signal: i32, file_size_mib: u64) -> String {
    match signal {
        6 => format!("{ABORT} (signal 6)"),
        9 => format!("{KILLED} (signal 9)"),
        11 => format!("{SEGFAULT} (signal 11)"),
        4 => format!("{ILLEGAL_INSTRUCTION} (signal 4)"),
        // SIGXFSZ (25 on Linux and macOS): a write past `RLIMIT_FSIZE`
        25 => format!("wrote a file larger than the limit of {file_size_mib} MiB (signal 25)"),
        signal => format!("was ended by signal {signal}"),
    }
}

/// A Windows exit code that is a crash's NTSTATUS rather than a code the program chose.
pub fn describe_windows_status(code: i32) -> Option<String> {
    // NTSTATUS values are u32 with the high bits set; `ExitStatus::code` gives them as i32.
    let what = match code as u32 {
        0xC000_0409 => ABORT,
        0xC000_0005 => SEGFAULT,
        0xC000_00FD => STACK_OVERFLOW,
        0xC000_0017 => "ran out of memory",
        0xC000_001D => ILLEGAL_INSTRUCTION,
        _ => return None,
    };
    Some(format!("{what} (status 0x{:08X})", code as u32))
}

/// How a process that ended with `status` ended, as the end of "the check process ...";
/// `file_size_mib` is the file-size limit it ran with.
pub fn describe_exit(status: std::process::ExitStatus, file_size_mib: u64) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return describe_signal(signal, file_size_mib);
        }
    }
    #[cfg(not(unix))]
    let _ = file_size_mib;
    match status.code() {
        Some(code) => {
            if cfg!(windows) {
                if let Some(crash) = describe_windows_status(code) {
                    return crash;
                }
            }
            format!(
                "exited with code {code} in the middle of the check: does your code call `std::process::exit`?"
            )
        }
        None => format!("ended: {status}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_crashes_read_like_unix_signals() {
        // 0xC0000409 as Windows hands it to Rust: the number the issue saw in a report
        let abort = describe_windows_status(-1_073_740_791).expect("an abort is a crash");
        assert!(abort.starts_with(ABORT), "{abort}");
        assert!(abort.contains("0xC0000409"), "{abort}");
        assert!(describe_signal(6, 256).starts_with(ABORT));
        let access = describe_windows_status(0xC000_0005_u32 as i32).expect("a crash");
        assert!(access.starts_with(SEGFAULT), "{access}");
        assert!(describe_signal(11, 256).starts_with(SEGFAULT));
        let overflow = describe_windows_status(0xC000_00FD_u32 as i32).expect("a crash");
        assert!(overflow.starts_with(STACK_OVERFLOW), "{overflow}");
        // a code the program chose is not a crash
        assert_eq!(describe_windows_status(3), None);
        assert_eq!(describe_windows_status(-1), None);
    }

    #[cfg(unix)]
    #[test]
    fn exit_codes_and_signals_of_real_processes() -> std::io::Result<()> {
        let exited = std::process::Command::new("sh")
            .args(["-c", "exit 3"])
            .status()?;
        assert!(describe_exit(exited, 256).contains("exited with code 3"));
        let aborted = std::process::Command::new("sh")
            .args(["-c", "kill -ABRT $$"])
            .status()?;
        assert!(describe_exit(aborted, 256).starts_with(ABORT));
        Ok(())
    }

    #[test]
    fn a_file_past_the_size_limit_says_so() {
        assert_eq!(
            describe_signal(25, 256),
            "wrote a file larger than the limit of 256 MiB (signal 25)"
        );
    }

    /// A real `SIGXFSZ`: `head` writes past a small `RLIMIT_FSIZE` set by the shell.
    #[cfg(unix)]
    #[test]
    fn a_real_write_past_the_limit_is_named() -> std::io::Result<()> {
        let dir = std::env::temp_dir().join(format!("grader-xfsz-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let big = dir.join("big");
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg("ulimit -f 1024 && exec head -c 2000000 /dev/zero > \"$0\"")
            .arg(&big)
            .status()?;
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(
            describe_exit(status, 1),
            "wrote a file larger than the limit of 1 MiB (signal 25)"
        );
        Ok(())
    }
}
