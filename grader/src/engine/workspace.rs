//! The grading workspace: where the check binaries are built against the subject's sources.
//!
//! It lives in `<target>/grader/workspace` and holds one folder per *slot* (`exercises`,
//! `solutions`, `submission`): a copy of the course's support crates and check crates, and the
//! exercise crates with the course's own manifests but the subject's `src/` folders. Only the
//! active slot is listed as the workspace's members, so each slot's crates have their own
//! artifacts (cargo tells units apart by their path relative to the workspace root), while
//! candle and every other registry crate are compiled once and shared with the course's own
//! `cargo build` and `cargo test` through the same target directory and profile.
//!
//! Why the care: cargo decides that a local crate is fresh by file times. A copy that keeps old
//! file times (tar, `cp -p`, unzip) placed where another student's code was built would run the
//! other student's binary. Here a file is written only when its content changed, and a written
//! file always gets a time later than the end of the previous build by more than the coarsest
//! file-system clock (FAT and exFAT keep 2 s, HFS+ 1 s), so that it is newer than anything that
//! build recorded even when both land in the same tick; every other file is the same content
//! that was built before. All of this, the build, and copying the binaries out happen under one
//! lock, so two graders never interleave.

use anyhow::{bail, Context as _};
use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The coarsest file-time resolution among the file systems a course may sit on (FAT, exFAT).
const COARSEST_FILE_TIME: Duration = Duration::from_secs(2);

/// Touched when a grading workspace is let go, after its build: its time, in the file
/// system's own resolution, is at least that of anything cargo recorded during the build.
const LAST_BUILD_STAMP: &str = ".last-build";

/// What is being graded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// The student's work in the course's own `exercises/`.
    Exercises,
    /// The reference solutions in `solutions/`.
    Solutions,
    /// A returned copy of the workspace; only `exercises/<name>/src` is taken from it.
    Submission(PathBuf),
}

impl Subject {
    pub fn slot(&self) -> &'static str {
        match self {
            Subject::Exercises => "exercises",
            Subject::Solutions => "solutions",
            Subject::Submission(_) => "submission",
        }
    }

    /// How reports name the subject.
    pub fn describe(&self) -> String {
        match self {
            Subject::Exercises => "exercises/".to_string(),
            Subject::Solutions => "solutions/".to_string(),
            Subject::Submission(dir) => dir.display().to_string(),
        }
    }

    /// The folder holding the exercise's sources for this subject (its `src/`).
    pub fn src_dir(&self, course_root: &Path, exercise: &str) -> PathBuf {
        match self {
            Subject::Exercises => course_root.join("exercises").join(exercise).join("src"),
            Subject::Solutions => course_root.join("solutions").join(exercise).join("src"),
            Subject::Submission(dir) => dir.join("exercises").join(exercise).join("src"),
        }
    }

    /// The subject's path for an exercise file, as a student would open it.
    pub fn display_path(&self, exercise: &str, inside_crate: &str) -> String {
        match self {
            Subject::Exercises => format!("exercises/{exercise}/{inside_crate}"),
            Subject::Solutions => format!("solutions/{exercise}/{inside_crate}"),
            Subject::Submission(dir) => {
                let crate_dir = dir.join("exercises").join(exercise);
                let shown = crate::engine::paths::join_relative(&crate_dir, inside_crate)
                    .display()
                    .to_string();
                // The crate folder itself ends with a separator, as the `/` forms above do.
                if inside_crate.is_empty() {
                    format!("{shown}{}", std::path::MAIN_SEPARATOR)
                } else {
                    shown
                }
            }
        }
    }
}

/// The course crates every slot needs, copied as they are.
const COURSE_CRATES: &[&str] = &[
    "course-kit",
    "grader/protocol",
    "grader/harness",
    "grader/course-catalogue",
    "grader/lesson-data",
    "grader/lesson-reference",
    "grader/workspace-hack",
];

/// The grading workspace, locked for the caller until dropped.
pub struct GradingWorkspace {
    pub root: PathBuf,
    _lock: File,
}

impl Drop for GradingWorkspace {
    fn drop(&mut self) {
        // Runs before the lock (a field) is released. The file is rewritten rather than given
        // a time by us, so that its time is the file system's own clock, as cargo's records are.
        let _ = fs::write(self.root.join(LAST_BUILD_STAMP), b"");
    }
}

/// The earliest time a file written now may carry: past the last build by more than a tick.
fn written_files_not_before(root: &Path) -> SystemTime {
    fs::metadata(root.join(LAST_BUILD_STAMP))
        .and_then(|stamp| stamp.modified())
        .map(|built| built + COARSEST_FILE_TIME)
        .unwrap_or(SystemTime::UNIX_EPOCH)
}

/// Why an exercise of the subject is laid out with an empty placeholder and not built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotBuilt {
    /// The subject has no `src/lib.rs` for it.
    Missing,
    /// Its sources hold a symbolic link or break the submission policy: the message says
    /// where and what to do instead.
    Rejected(String),
    /// The policy could not read its sources (they do not lex: a file being edited). It is
    /// built all the same, so that a build that fails shows rustc's own first error; one that
    /// succeeds is rejected with this message, and never run.
    Unreadable(String),
}

impl NotBuilt {
    /// The status every check of such an exercise gets.
    pub fn status(&self) -> crate::engine::report::Status {
        match self {
            NotBuilt::Missing => crate::engine::report::Status::CompileError,
            NotBuilt::Rejected(_) | NotBuilt::Unreadable(_) => {
                crate::engine::report::Status::Rejected
            }
        }
    }

    /// Whether the exercise is built all the same.
    pub fn is_built(&self) -> bool {
        matches!(self, NotBuilt::Unreadable(_))
    }
}

impl GradingWorkspace {
    /// Locks the grading workspace and lays out `subject`'s slot for `exercises` (all the
    /// course's exercises are laid out, so the workspace always loads). Exercises that must
    /// not be built are returned with the reason; they get an empty placeholder crate.
    ///
    /// The policy is checked on the copy in the grading workspace, the very bytes cargo will
    /// build, so nothing can change between the check and the build.
    pub fn prepare(
        course_root: &Path,
        target_dir: &Path,
        subject: &Subject,
        exercises: &[String],
    ) -> anyhow::Result<(GradingWorkspace, BTreeMap<String, NotBuilt>)> {
        let root = target_dir.join("grader").join("workspace");
        fs::create_dir_all(&root).with_context(|| format!("cannot create {}", root.display()))?;
        let lock = File::create(root.join(".lock"))?;
        lock.lock()
            .context("cannot lock the grading workspace (is another grader running?)")?;
        let slot = subject.slot();
        let not_before = written_files_not_before(&root);
        write_if_changed(
            &root.join("Cargo.toml"),
            remembered_workspace_manifest(&root, course_root, slot)?.as_bytes(),
            not_before,
        )?;
        let lockfile = course_root.join("Cargo.lock");
        if lockfile.exists() {
            write_if_changed(&root.join("Cargo.lock"), &fs::read(&lockfile)?, not_before)?;
        }
        let slot_dir = root.join(slot);
        for krate in COURSE_CRATES {
            sync_tree(&course_root.join(krate), &slot_dir.join(krate), not_before)?;
        }
        // The check crates' build scripts generate their registries from it.
        write_if_changed(
            &slot_dir.join(crate::engine::catalogue::Catalogue::PATH),
            &fs::read(course_root.join(crate::engine::catalogue::Catalogue::PATH))?,
            not_before,
        )?;
        let mut not_built = BTreeMap::new();
        for exercise in exercises {
            sync_tree(
                &course_root.join("grader/checks").join(exercise),
                &slot_dir.join("grader/checks").join(exercise),
                not_before,
            )?;
            let crate_dir = slot_dir.join("exercises").join(exercise);
            fs::create_dir_all(&crate_dir)?;
            let manifest = course_root
                .join("exercises")
                .join(exercise)
                .join("Cargo.toml");
            let manifest = fs::read(&manifest)
                .with_context(|| format!("the course has no {}", manifest.display()))?;
            write_if_changed(&crate_dir.join("Cargo.toml"), &manifest, not_before)?;
            let copy = crate_dir.join("src");
            if let Some(reason) =
                lay_out_sources(subject, course_root, exercise, &copy, not_before)?
            {
                let built = reason.is_built();
                not_built.insert(exercise.clone(), reason);
                if built {
                    continue;
                }
                if copy.exists() {
                    fs::remove_dir_all(&copy)?;
                }
                fs::create_dir_all(&copy)?;
                write_if_changed(&copy.join("lib.rs"), b"// not built\n", not_before)?;
            }
        }
        // Check crates of exercises the catalogue no longer lists would not build: drop them.
        remove_extra_dirs(&slot_dir.join("grader/checks"), exercises)?;
        remove_extra_dirs(&slot_dir.join("exercises"), exercises)?;
        Ok((GradingWorkspace { root, _lock: lock }, not_built))
    }
}

/// Copies the subject's `src/` of `exercise` to `copy`, unless there is a reason not to build
/// it: no `src/lib.rs`, a symbolic link on the way to it or inside it, or a breach of the
/// submission policy.
fn lay_out_sources(
    subject: &Subject,
    course_root: &Path,
    exercise: &str,
    copy: &Path,
    not_before: SystemTime,
) -> anyhow::Result<Option<NotBuilt>> {
    let src = subject.src_dir(course_root, exercise);
    let shown = |inside: &str| subject.display_path(exercise, inside);
    let link = |path: &str| {
        NotBuilt::Rejected(format!(
            "{path} is a symbolic link, and the grader never follows links in the code it grades: \
             put the file or folder itself there"
        ))
    };
    // `src/..` is the exercise's folder, `src/../..` the `exercises/` folder.
    let exercise_dir = src.parent().unwrap_or(&src);
    let exercises_dir = exercise_dir.parent().unwrap_or(exercise_dir);
    for (path, name) in [
        (exercises_dir, exercises_dir.display().to_string()),
        (exercise_dir, shown("")),
        (src.as_path(), shown("src")),
    ] {
        if fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_symlink()) {
            return Ok(Some(link(&name)));
        }
    }
    if !fs::symlink_metadata(src.join("lib.rs")).is_ok_and(|meta| meta.is_file()) {
        return Ok(Some(match fs::symlink_metadata(src.join("lib.rs")) {
            Ok(meta) if meta.file_type().is_symlink() => link(&shown("src/lib.rs")),
            _ => NotBuilt::Missing,
        }));
    }
    let mut budget = Budget::SOURCES;
    let found = sync_within(&src, copy, not_before, &mut budget)?;
    if let Some(over) = found.over_budget {
        return Ok(Some(NotBuilt::Rejected(format!(
            "not built: {} {over}, more than the grader takes from an exercise's sources \
             ({} files and folders, {} KiB a file, {} KiB in all): keep only the exercise's \
             own source files there",
            shown("src"),
            Budget::SOURCES.entries,
            Budget::SOURCES.file_bytes / 1024,
            Budget::SOURCES.total_bytes / 1024
        ))));
    }
    if let Some(first) = found.links.first() {
        let inside = Path::new("src").join(first);
        return Ok(Some(link(&shown(
            &inside.to_string_lossy().replace('\\', "/"),
        ))));
    }
    let violations = crate::engine::policy::scan_src(copy)?;
    if violations.is_empty() {
        return Ok(None);
    }
    let mut message = format!(
        "not built: {} breaks the submission policy (its rules: grader/src/engine/policy.rs):",
        shown("src")
    );
    for violation in violations.iter().take(5) {
        message.push_str(&format!("\n  {}", shown_violation(violation, &shown)));
    }
    if violations.len() > 5 {
        message.push_str(&format!("\n  ... and {} more", violations.len() - 5));
    }
    if violations.iter().all(|violation| violation.compile_first) {
        return Ok(Some(NotBuilt::Unreadable(message)));
    }
    Ok(Some(NotBuilt::Rejected(message)))
}

/// A violation, with its file named as the student knows it.
fn shown_violation(
    violation: &crate::engine::policy::Violation,
    shown: &dyn Fn(&str) -> String,
) -> String {
    let inside = Path::new("src").join(&violation.file);
    let text = violation.to_string();
    let file = violation.file.display().to_string();
    text.replacen(
        &format!("src/{file}"),
        &shown(&inside.to_string_lossy().replace('\\', "/")),
        1,
    )
}

/// [`workspace_manifest`], derived again only when a file it reads changes: parsing the
/// course's manifests and `Cargo.lock` takes about 30 ms in the dev profile, a twentieth of an
/// edit→verdict. One per slot (a teacher's runs alternate slots); the key is a hash of the slot
/// and of every file it reads.
fn remembered_workspace_manifest(
    root: &Path,
    course_root: &Path,
    slot: &str,
) -> anyhow::Result<String> {
    let mut inputs = slot.as_bytes().to_vec();
    let read = [
        course_root.join("Cargo.toml"),
        course_root.join("Cargo.lock"),
    ];
    for path in read.into_iter().chain(member_manifests(course_root)?) {
        inputs.extend(path.to_string_lossy().as_bytes());
        inputs.push(0);
        inputs.extend(fs::read(&path).unwrap_or_default());
        inputs.push(0);
    }
    let key = format!("{:016x}\n", crate::engine::fnv1a(&inputs));
    let remembered = root.join(format!(".manifest-remembered-{slot}"));
    if let Some(manifest) = fs::read_to_string(&remembered)
        .ok()
        .and_then(|text| Some(text.strip_prefix(&key)?.to_string()))
    {
        return Ok(manifest);
    }
    let manifest = workspace_manifest(course_root, slot)?;
    fs::write(&remembered, format!("{key}{manifest}"))
        .with_context(|| format!("cannot write {}", remembered.display()))?;
    Ok(manifest)
}

/// The course's root manifest, with the active slot's crates as the only members and the path
/// dependencies pointing into the slot. Profiles, lints and versions stay the course's own, so
/// that registry crates compile exactly as in the course's `cargo build`.
fn workspace_manifest(course_root: &Path, slot: &str) -> anyhow::Result<String> {
    let path = course_root.join("Cargo.toml");
    let text =
        fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut manifest: toml::Table = toml::from_str(&text)?;
    let Some(toml::Value::Table(workspace)) = manifest.get_mut("workspace") else {
        bail!("{} has no [workspace] table", path.display());
    };
    let members = COURSE_CRATES
        .iter()
        .chain(&["grader/checks/*", "exercises/*"])
        .map(|member| toml::Value::String(format!("{slot}/{member}")))
        .collect();
    workspace.insert("members".into(), toml::Value::Array(members));
    workspace.remove("default-members");
    let in_slot = packages_of_the_slot(course_root)?;
    if let Some(toml::Value::Table(dependencies)) = workspace.get_mut("dependencies") {
        for (_, dependency) in dependencies.iter_mut() {
            if let toml::Value::Table(fields) = dependency {
                if let Some(toml::Value::String(dep_path)) = fields.get_mut("path") {
                    *dep_path = format!("{slot}/{dep_path}");
                }
            }
        }
    }
    // Per-package profile settings for crates the slot does not build (the grader's own command
    // line crates) would make cargo warn on every build: keep only the slot's.
    if let Some(toml::Value::Table(profiles)) = manifest.get_mut("profile") {
        for (_, profile) in profiles.iter_mut() {
            if let Some(toml::Value::Table(packages)) = profile.get_mut("package") {
                packages.retain(|name, _| name == "*" || in_slot.contains(name));
            }
        }
    }
    Ok(format!(
        "# Written by the grader (grader/src/engine/workspace.rs) for the `{slot}` slot; do not edit.\n{}",
        toml::to_string(&manifest)?
    ))
}

/// Every package a slot's members may build, by name: the members (the support crates, the
/// check crates and the exercises) and everything the course's `Cargo.lock` says they depend
/// on, directly or not.
fn packages_of_the_slot(course_root: &Path) -> anyhow::Result<BTreeSet<String>> {
    let mut pending: Vec<String> = member_manifests(course_root)?
        .iter()
        .filter_map(|manifest| fs::read_to_string(manifest).ok())
        .filter_map(|text| toml::from_str::<toml::Table>(&text).ok())
        .filter_map(|table| Some(table.get("package")?.get("name")?.as_str()?.to_string()))
        .collect();
    let lock: toml::Table = fs::read_to_string(course_root.join("Cargo.lock"))
        .ok()
        .and_then(|text| toml::from_str(&text).ok())
        .unwrap_or_default();
    let mut dependencies: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for package in lock
        .get("package")
        .and_then(|p| p.as_array())
        .into_iter()
        .flatten()
    {
        let Some(name) = package.get("name").and_then(|n| n.as_str()) else {
            continue;
        };
        let on = package.get("dependencies").and_then(|d| d.as_array());
        // an entry is "name", "name version" or "name version (source)"
        let names = on
            .into_iter()
            .flatten()
            .filter_map(|d| d.as_str()?.split(' ').next());
        dependencies.entry(name).or_default().extend(names);
    }
    let mut reached = BTreeSet::new();
    while let Some(name) = pending.pop() {
        if let Some(next) = dependencies.get(name.as_str()) {
            pending.extend(
                next.iter()
                    .filter(|n| !reached.contains(**n))
                    .map(|n| n.to_string()),
            );
        }
        reached.insert(name);
    }
    Ok(reached)
}

/// The manifests of a slot's members: the support crates, the check crates and the exercises.
fn member_manifests(course_root: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut manifests: Vec<PathBuf> = COURSE_CRATES
        .iter()
        .map(|krate| course_root.join(krate).join("Cargo.toml"))
        .collect();
    for folder in ["grader/checks", "exercises"] {
        let mut entries: Vec<PathBuf> = fs::read_dir(course_root.join(folder))?
            .flatten()
            .map(|entry| entry.path().join("Cargo.toml"))
            .collect();
        // read_dir's order is the file system's: sorted, the key does not depend on it
        entries.sort();
        manifests.extend(entries);
    }
    Ok(manifests)
}

/// Writes `content` to `path` unless the file already holds exactly that; a written file gets
/// the current time, or `not_before` if that is later.
fn write_if_changed(path: &Path, content: &[u8], not_before: SystemTime) -> anyhow::Result<()> {
    if fs::read(path).ok().as_deref() == Some(content) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    // Remove first: a new file gets the current time whatever the old one had.
    let _ = fs::remove_file(path);
    fs::write(path, content).with_context(|| format!("cannot write {}", path.display()))?;
    if SystemTime::now() < not_before {
        File::options()
            .write(true)
            .open(path)
            .and_then(|file| file.set_modified(not_before))
            .with_context(|| format!("cannot set the time of {}", path.display()))?;
    }
    Ok(())
}

/// What the grader takes from a subject's `src/` at most. An honest exercise is a few files of
/// a few KiB (the largest reference solution is under 20 KiB); these bounds keep a submission
/// of huge, sparse or countless files from costing the grader memory, disk or time.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    /// Files and folders, counted as they are met (so a folder of 100,000 files costs 201).
    pub entries: usize,
    /// The size of any one file.
    pub file_bytes: u64,
    /// All files together.
    pub total_bytes: u64,
}

impl Budget {
    pub const SOURCES: Budget = Budget {
        entries: 200,
        file_bytes: 1 << 20,
        total_bytes: 4 << 20,
    };
    /// The course's own crates, which the teacher wrote.
    const COURSE: Budget = Budget {
        entries: usize::MAX,
        file_bytes: u64::MAX,
        total_bytes: u64::MAX,
    };
}

/// Every regular file under `src` (links never followed), as its path relative to `src` and
/// its content, read within [`Budget::SOURCES`]: a file past a bound is listed without its
/// content (`None`), and the walk stops when the entries run out. Sorted by path. This is how
/// sources are read besides grading (the class report, the progress record, `reset`); grading
/// copies them with [`sync_within`], which refuses what passes a bound.
pub fn read_sources(src: &Path) -> Vec<(PathBuf, Option<Vec<u8>>)> {
    use std::io::Read as _;
    let mut budget = Budget::SOURCES;
    let mut files = Vec::new();
    // walkdir follows no link; an unreadable folder is passed over
    let entries = walkdir::WalkDir::new(src)
        .min_depth(1)
        .into_iter()
        .flatten();
    for entry in entries.take(budget.entries) {
        if !entry.file_type().is_file() {
            continue;
        }
        let path = crate::engine::paths::below(src, entry.path());
        let size = entry.metadata().map_or(u64::MAX, |meta| meta.len());
        let mut content = Vec::new();
        let read = size <= budget.file_bytes.min(budget.total_bytes)
            && File::open(entry.path())
                .and_then(|file| file.take(size).read_to_end(&mut content))
                .is_ok();
        if read {
            budget.total_bytes -= content.len() as u64;
        }
        files.push((path, read.then_some(content)));
    }
    files.sort();
    files
}

/// What copying a tree found that stops its exercise from being built.
#[derive(Debug, Default)]
struct Found {
    /// Symbolic links (relative to the tree), never followed.
    links: Vec<PathBuf>,
    /// The first bound of the [`Budget`] the tree went past, in words.
    over_budget: Option<String>,
}

/// Makes `to` hold exactly the files of `from` (build outputs, hidden files and symbolic links
/// excepted) and returns the symbolic links it found (relative to `from`), never followed.
fn sync_tree(from: &Path, to: &Path, not_before: SystemTime) -> anyhow::Result<Vec<PathBuf>> {
    let mut budget = Budget::COURSE;
    Ok(sync_within(from, to, not_before, &mut budget)?.links)
}

/// [`sync_tree`] within `budget`: it stops at the first bound passed, and says which. Linear in
/// the number of entries, and no file is read past its bound. A file whose content is already
/// the same is not written, so that its time, and cargo's view of it, stays.
fn sync_within(
    from: &Path,
    to: &Path,
    not_before: SystemTime,
    budget: &mut Budget,
) -> anyhow::Result<Found> {
    use std::io::Read as _;
    fs::create_dir_all(to)?;
    let mut wanted = std::collections::HashSet::new();
    let mut found = Found::default();
    // walkdir follows no link: a submission's link could point anywhere, or loop
    let mut walk = walkdir::WalkDir::new(from).min_depth(1).into_iter();
    while let Some(entry) = walk.next() {
        let entry = entry.with_context(|| format!("cannot read {}", from.display()))?;
        if budget.entries == 0 {
            found.over_budget = Some(format!(
                "holds more than {} files and folders",
                Budget::SOURCES.entries
            ));
            return Ok(found);
        }
        budget.entries -= 1;
        let kind = entry.file_type();
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') || name == "target" {
            if kind.is_dir() {
                walk.skip_current_dir();
            }
            continue;
        }
        let relative = crate::engine::paths::below(from, entry.path());
        if kind.is_symlink() {
            found.links.push(relative);
            continue;
        } else if kind.is_dir() {
            fs::create_dir_all(to.join(&relative))?;
        } else if kind.is_file() {
            let size = entry.metadata()?.len();
            let over = if size > budget.file_bytes {
                Some(format!(
                    "holds {}, a file of {size} bytes: the limit is {} bytes a file",
                    relative.display(),
                    budget.file_bytes
                ))
            } else if size > budget.total_bytes {
                Some(format!(
                    "holds more than {} bytes of files",
                    Budget::SOURCES.total_bytes
                ))
            } else {
                None
            };
            if over.is_some() {
                found.over_budget = over;
                return Ok(found);
            }
            // read no more than the bound, whatever the file grew to since
            let mut content = Vec::new();
            File::open(entry.path())
                .and_then(|file| {
                    file.take(budget.file_bytes.min(budget.total_bytes))
                        .read_to_end(&mut content)
                })
                .with_context(|| format!("cannot read {}", entry.path().display()))?;
            budget.total_bytes -= content.len() as u64;
            write_if_changed(&to.join(&relative), &content, not_before)?;
        } else {
            continue;
        }
        wanted.insert(relative);
    }
    // what `to` holds besides: children before their folder, so a folder goes once emptied
    for entry in walkdir::WalkDir::new(to).min_depth(1).contents_first(true) {
        let entry = entry?;
        if !wanted.contains(&crate::engine::paths::below(to, entry.path())) {
            if entry.file_type().is_dir() {
                fs::remove_dir_all(entry.path())?;
            } else {
                fs::remove_file(entry.path())?;
            }
        }
    }
    Ok(found)
}

fn remove_extra_dirs(dir: &Path, keep: &[String]) -> anyhow::Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().to_string();
        if !keep.contains(&name) && entry.path().is_dir() {
            fs::remove_dir_all(entry.path())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sync_rewrites_changed_files_with_a_new_time_and_removes_stale_ones() -> anyhow::Result<()> {
        let base = std::env::temp_dir().join(format!("grader-sync-{}", std::process::id()));
        let (from, to) = (base.join("from"), base.join("to"));
        fs::create_dir_all(from.join("sub"))?;
        fs::write(from.join("lib.rs"), "one")?;
        fs::write(from.join("sub/a.rs"), "a")?;
        sync_tree(&from, &to, SystemTime::UNIX_EPOCH)?;
        assert_eq!(fs::read_to_string(to.join("sub/a.rs"))?, "a");
        let old = File::options().write(true).open(to.join("lib.rs"))?;
        old.set_modified(std::time::SystemTime::UNIX_EPOCH)?;
        drop(old);
        // same content: the file is left alone (its time too)
        sync_tree(&from, &to, SystemTime::UNIX_EPOCH)?;
        let time = fs::metadata(to.join("lib.rs"))?.modified()?;
        assert_eq!(time, std::time::SystemTime::UNIX_EPOCH);
        // new content with an old date: the copy gets today's date
        fs::write(from.join("lib.rs"), "two")?;
        File::options()
            .write(true)
            .open(from.join("lib.rs"))?
            .set_modified(std::time::SystemTime::UNIX_EPOCH)?;
        fs::remove_file(from.join("sub/a.rs"))?;
        sync_tree(&from, &to, SystemTime::UNIX_EPOCH)?;
        assert_eq!(fs::read_to_string(to.join("lib.rs"))?, "two");
        assert!(fs::metadata(to.join("lib.rs"))?.modified()? > std::time::SystemTime::UNIX_EPOCH);
        assert!(!to.join("sub/a.rs").exists());
        fs::remove_dir_all(&base)?;
        Ok(())
    }

    /// Cargo warns of every per-package profile setting whose package a build does not have:
    /// the grading workspace keeps only those of crates its members build.
    #[test]
    fn the_grading_workspace_sets_profiles_only_for_crates_it_builds() -> anyhow::Result<()> {
        let manifest: toml::Table = toml::from_str(&workspace_manifest(
            &crate::engine::course::compiled_in(),
            "exercises",
        )?)?;
        let packages = manifest["profile"]["dev"]["package"]
            .as_table()
            .context("per-package settings")?;
        for kept in ["*", "syn", "serde_derive"] {
            assert!(packages.contains_key(kept), "{kept}");
        }
        for grader_only in ["clap_builder", "clap_derive", "notify", "quick-xml"] {
            assert!(!packages.contains_key(grader_only), "{grader_only}");
        }
        Ok(())
    }

    #[test]
    fn the_remembered_manifest_follows_every_change_of_its_inputs() -> anyhow::Result<()> {
        let base = std::env::temp_dir().join(format!("grader-manifest-{}", std::process::id()));
        let (course, root) = (base.join("course"), base.join("workspace"));
        for dir in [
            course.join("grader/checks/one"),
            course.join("exercises/one"),
            root.clone(),
        ] {
            fs::create_dir_all(dir)?;
        }
        let manifest_with = |level: u32| {
            format!(
                "[workspace]\nmembers = []\n\n[profile.dev.package.\"*\"]\nopt-level = {level}\n"
            )
        };
        fs::write(course.join("Cargo.toml"), manifest_with(3))?;
        let first = remembered_workspace_manifest(&root, &course, "exercises")?;
        assert!(first.contains("opt-level = 3"), "{first}");
        assert_eq!(
            remembered_workspace_manifest(&root, &course, "exercises")?,
            first
        );
        fs::write(course.join("Cargo.toml"), manifest_with(2))?;
        let changed = remembered_workspace_manifest(&root, &course, "exercises")?;
        assert!(changed.contains("opt-level = 2"), "{changed}");
        let other_slot = remembered_workspace_manifest(&root, &course, "submission")?;
        assert!(
            other_slot.contains("\"submission/exercises/*\""),
            "{other_slot}"
        );
        // a member's manifest is an input too (the packages it builds decide the profiles)
        fs::write(
            course.join("exercises/one/Cargo.toml"),
            "[package]\nname = \"one\"\n",
        )?;
        let key = |text: String| text.lines().next().map(str::to_string);
        let remembered = root.join(".manifest-remembered-submission");
        let before = key(fs::read_to_string(&remembered)?);
        remembered_workspace_manifest(&root, &course, "submission")?;
        let after = key(fs::read_to_string(&remembered)?);
        assert_ne!(before, after);
        fs::remove_dir_all(&base)?;
        Ok(())
    }

    #[test]
    fn a_rewritten_file_is_newer_than_the_last_build_by_more_than_a_coarse_tick(
    ) -> anyhow::Result<()> {
        let base = std::env::temp_dir().join(format!("grader-ticks-{}", std::process::id()));
        let (from, to) = (base.join("from"), base.join("to"));
        fs::create_dir_all(&from)?;
        // no build yet: nothing to be newer than
        assert_eq!(written_files_not_before(&base), SystemTime::UNIX_EPOCH);
        fs::write(base.join(LAST_BUILD_STAMP), b"")?;
        let built = fs::metadata(base.join(LAST_BUILD_STAMP))?.modified()?;
        let not_before = written_files_not_before(&base);
        assert_eq!(not_before, built + COARSEST_FILE_TIME);
        // a submission graded right after the build, within the same (coarse) second
        fs::write(from.join("lib.rs"), "pub fn student_b() {}")?;
        sync_tree(&from, &to, not_before)?;
        let written = fs::metadata(to.join("lib.rs"))?.modified()?;
        assert!(
            written >= built + COARSEST_FILE_TIME,
            "{written:?} is within a tick of the build at {built:?}"
        );
        // unchanged content keeps its time
        sync_tree(&from, &to, not_before + COARSEST_FILE_TIME)?;
        assert_eq!(fs::metadata(to.join("lib.rs"))?.modified()?, written);
        fs::remove_dir_all(&base)?;
        Ok(())
    }

    /// The attacks of a 3 GiB (sparse) file and of thousands of files in `src/`: neither is
    /// read nor copied, and the exercise is refused with the bound it passed.
    #[test]
    fn sources_past_their_budget_are_neither_read_nor_copied() -> anyhow::Result<()> {
        let base = std::env::temp_dir().join(format!("grader-budget-{}", std::process::id()));
        let course = crate::engine::course::compiled_in();
        let submission = base.join("submission");
        let src = submission.join("exercises/derivatives/src");
        fs::create_dir_all(&src)?;
        fs::write(src.join("lib.rs"), "pub fn f() {}")?;
        File::create(src.join("huge.bin"))?.set_len(3 << 30)?;
        let subject = Subject::Submission(submission.clone());
        let copy = base.join("copy");
        // the message of the refusal that laying the sources out must give
        let refusal = || -> anyhow::Result<String> {
            match lay_out_sources(
                &subject,
                &course,
                "derivatives",
                &copy,
                SystemTime::UNIX_EPOCH,
            )? {
                Some(NotBuilt::Rejected(message)) => Ok(message),
                other => anyhow::bail!("the sources are taken: {other:?}"),
            }
        };
        let message = refusal()?;
        assert!(
            message.contains("huge.bin, a file of 3221225472 bytes"),
            "{message}"
        );
        assert!(!copy.join("huge.bin").exists());

        fs::remove_file(src.join("huge.bin"))?;
        for number in 0..5_000 {
            fs::write(src.join(format!("m{number}.rs")), "")?;
        }
        let message = refusal()?;
        assert!(
            message.contains("more than 200 files and folders"),
            "{message}"
        );
        let copied = fs::read_dir(&copy).map(|dir| dir.count()).unwrap_or(0);
        // lib.rs from the first layout, and the 200 taken before the bound
        assert!(copied <= 201, "{copied} files copied");
        fs::remove_dir_all(&base)?;
        Ok(())
    }

    /// An honest exercise, its nested modules included, is well inside the budget: every stub,
    /// and every reference solution where the course has them (a student version has not).
    #[test]
    fn every_stub_and_reference_solution_fits_the_budget() -> anyhow::Result<()> {
        let course = crate::engine::course::compiled_in();
        let base = std::env::temp_dir().join(format!("grader-fits-{}", std::process::id()));
        let has_solutions = course.join("solutions").is_dir();
        for exercise in crate::engine::catalogue::Catalogue::load(&course)?.exercises {
            let subjects = [Subject::Exercises, Subject::Solutions];
            for subject in subjects.iter().take(if has_solutions { 2 } else { 1 }) {
                let mut budget = Budget::SOURCES;
                let found = sync_within(
                    &subject.src_dir(&course, &exercise.name),
                    &base.join(subject.slot()).join(&exercise.name),
                    SystemTime::UNIX_EPOCH,
                    &mut budget,
                )?;
                assert!(found.over_budget.is_none(), "{}: {found:?}", exercise.name);
                assert!(budget.total_bytes > Budget::SOURCES.total_bytes / 2);
            }
        }
        fs::remove_dir_all(&base)?;
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn sync_skips_links_even_a_loop() -> anyhow::Result<()> {
        let base = std::env::temp_dir().join(format!("grader-links-{}", std::process::id()));
        let (from, to) = (base.join("from"), base.join("to"));
        fs::create_dir_all(&from)?;
        fs::write(from.join("lib.rs"), "pub fn f() {}")?;
        std::os::unix::fs::symlink(&from, from.join("loop"))?;
        std::os::unix::fs::symlink("/etc/hostname", from.join("secret.rs"))?;
        sync_tree(&from, &to, SystemTime::UNIX_EPOCH)?;
        assert!(to.join("lib.rs").exists());
        assert!(!to.join("loop").exists());
        assert!(!to.join("secret.rs").exists());
        fs::remove_dir_all(&base)?;
        Ok(())
    }
}
