//! Windows: the check process and everything it starts run in a Job Object, which caps their
//! memory together and is killed as one (Unix gets the same from `RLIMIT_AS` and a process
//! group). Closing the job's handle kills whatever is still in it, so no process that student
//! code started outlives grading.
//!
//! A process is assigned to the job right after it starts; what it starts before that moment
//! (in the microseconds before its `main`) is outside the job. Student code runs much later.
//!
//! Raw `windows-sys` rather than the `win32job` crate: win32job 2.0 is built on the `windows`
//! crate (0.61) and thiserror 1, two more large crates on every Windows student's first build,
//! for the four calls below; `windows-sys` is already in the course's graph.
#![allow(unsafe_code)] // the Win32 calls below; each states why it is sound

use std::os::windows::io::AsRawHandle;
use std::process::Child;
use windows_sys::Win32::Foundation::{CloseHandle, HANDLE};
use windows_sys::Win32::System::JobObjects::{
    AssignProcessToJobObject, CreateJobObjectW, JobObjectExtendedLimitInformation,
    SetInformationJobObject, TerminateJobObject, JOBOBJECT_EXTENDED_LIMIT_INFORMATION,
    JOB_OBJECT_LIMIT_JOB_MEMORY, JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE,
};

pub struct Job(HANDLE);

impl Job {
    /// Puts `child` in a new job whose processes may commit `memory_bytes` together. `None`
    /// when Windows refuses (the child then runs without the memory limit).
    pub fn contain(child: &Child, memory_bytes: u64) -> Option<Job> {
        // SAFETY: both pointers may be null (default security, no name); the handle returned
        // is owned by the `Job` and closed once, in `drop`.
        let handle = unsafe { CreateJobObjectW(std::ptr::null(), std::ptr::null()) };
        if handle.is_null() {
            return None;
        }
        let job = Job(handle);
        // SAFETY: an all-zero JOBOBJECT_EXTENDED_LIMIT_INFORMATION is a valid "no limits".
        let mut limits: JOBOBJECT_EXTENDED_LIMIT_INFORMATION = unsafe { std::mem::zeroed() };
        limits.BasicLimitInformation.LimitFlags =
            JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE | JOB_OBJECT_LIMIT_JOB_MEMORY;
        limits.JobMemoryLimit = usize::try_from(memory_bytes).unwrap_or(usize::MAX);
        // SAFETY: the pointer and size describe `limits`, which outlives the call; the child's
        // handle is valid while `child` is borrowed.
        let contained = unsafe {
            SetInformationJobObject(
                job.0,
                JobObjectExtendedLimitInformation,
                (&limits as *const JOBOBJECT_EXTENDED_LIMIT_INFORMATION).cast(),
                std::mem::size_of::<JOBOBJECT_EXTENDED_LIMIT_INFORMATION>() as u32,
            ) != 0
                && AssignProcessToJobObject(job.0, child.as_raw_handle() as HANDLE) != 0
        };
        contained.then_some(job)
    }

    /// Kills every process in the job.
    pub fn kill(&self) {
        // SAFETY: the handle is open until `drop`.
        unsafe {
            TerminateJobObject(self.0, 1);
        }
    }
}

impl Drop for Job {
    fn drop(&mut self) {
        // SAFETY: the handle came from CreateJobObjectW and is closed only here; with
        // KILL_ON_JOB_CLOSE this also ends whatever the child left running.
        unsafe {
            CloseHandle(self.0);
        }
    }
}
