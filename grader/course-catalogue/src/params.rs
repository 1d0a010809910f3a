//! Which catalogue parameters each check reads, found in the source of its check crate and the
//! harness: a check that reads a parameter its catalogue entry does not give would panic while
//! grading, and the panic would land on a student. Instead the check registry does not compile
//! (`registry`) and `dev check` names the entry (`grader/src/maintainer/dev.rs`).
//!
//! Why a reading of the source rather than a parameter struct per check: the checks share
//! helpers that read the running check's parameters (`ctx.tolerance()` reads `abs` and `rel`;
//! linear-collapse's `rel(ctx, dtype)` reads `rel_f32` and `rel_f64`), so a struct per check
//! would have to be threaded through every helper. Here each function's literal
//! `ctx.param("name")` reads are followed through the functions it calls, by name: a check
//! reads what any function it may reach reads. Matching by name can only add reads, never lose
//! one (a parameter read through a computed name, which no check does, would be missed).

use std::collections::{BTreeMap, BTreeSet};
use syn::visit::Visit;

/// What one function body reads directly, and the functions it calls.
#[derive(Debug, Default, Clone)]
struct Body {
    reads: BTreeSet<String>,
    calls: BTreeSet<String>,
}

/// Function bodies by key: a free function by its name (`rel`), a method by `Type::name` and
/// by `.name` (how a method call names it).
#[derive(Debug, Default)]
pub struct Reads {
    bodies: BTreeMap<String, Body>,
}

struct Collector<'a> {
    bodies: &'a mut BTreeMap<String, Body>,
    /// The modules whose functions were read (`visible`, `reference`, the harness's `compare`,
    /// ...): a call through another crate's path (`swish::figure_panels`, `candle_core::...`)
    /// is not one of these functions, even when a check has its name.
    local_modules: &'a BTreeSet<String>,
    /// The keys of the function being read (inner functions stack up).
    current: Vec<Vec<String>>,
    /// The `impl` block's type, for its methods' keys.
    self_type: Option<String>,
}

impl Collector<'_> {
    fn note(&mut self, what: impl Fn(&mut Body)) {
        if let Some(keys) = self.current.last() {
            for key in keys {
                what(self.bodies.entry(key.clone()).or_default());
            }
        }
    }

    fn in_function(&mut self, keys: Vec<String>, visit: impl FnOnce(&mut Self)) {
        for key in &keys {
            self.bodies.entry(key.clone()).or_default();
        }
        self.current.push(keys);
        visit(self);
        self.current.pop();
    }
}

fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && attr
                .parse_args::<syn::Ident>()
                .is_ok_and(|ident| ident == "test")
    })
}

impl<'ast> Visit<'ast> for Collector<'_> {
    fn visit_item_mod(&mut self, module: &'ast syn::ItemMod) {
        if !is_test_only(&module.attrs) {
            syn::visit::visit_item_mod(self, module);
        }
    }

    fn visit_item_fn(&mut self, function: &'ast syn::ItemFn) {
        let keys = vec![function.sig.ident.to_string()];
        self.in_function(keys, |this| syn::visit::visit_item_fn(this, function));
    }

    fn visit_item_impl(&mut self, block: &'ast syn::ItemImpl) {
        let outer = self.self_type.take();
        if let syn::Type::Path(path) = block.self_ty.as_ref() {
            self.self_type = path.path.segments.last().map(|s| s.ident.to_string());
        }
        syn::visit::visit_item_impl(self, block);
        self.self_type = outer;
    }

    fn visit_impl_item_fn(&mut self, function: &'ast syn::ImplItemFn) {
        let name = function.sig.ident.to_string();
        let mut keys = vec![format!(".{name}")];
        if let Some(ty) = &self.self_type {
            keys.push(format!("{ty}::{name}"));
        }
        self.in_function(keys, |this| syn::visit::visit_impl_item_fn(this, function));
    }

    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if let syn::Expr::Path(path) = call.func.as_ref() {
            let segments: Vec<String> = path
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            // `Type::f(...)` is that type's function; `f(...)` and `module::f(...)` a free one
            // when the module is read here; another crate's function is none of ours
            let local = |first: &String| {
                ["crate", "self", "super", "check_harness"].contains(&first.as_str())
                    || self.local_modules.contains(first)
            };
            let key = match segments.as_slice() {
                [.., ty, name] if ty.starts_with(char::is_uppercase) => format!("{ty}::{name}"),
                [name] => name.clone(),
                [first, .., name] if local(first) => name.clone(),
                _ => String::new(),
            };
            self.note(|body| {
                body.calls.insert(key.clone());
            });
        }
        syn::visit::visit_expr_call(self, call);
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        let method = call.method.to_string();
        let literal = match call.args.first() {
            Some(syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(text),
                ..
            })) if method == "param" => Some(text.value()),
            _ => None,
        };
        self.note(|body| {
            body.calls.insert(format!(".{method}"));
            if let Some(name) = &literal {
                body.reads.insert(name.clone());
            }
        });
        syn::visit::visit_expr_method_call(self, call);
    }
}

impl Reads {
    /// Reads the Rust `sources`, `(module name, text)`: the check crate's files and the
    /// harness's. A file that does not parse is skipped: the compiler will say what is wrong
    /// with it.
    pub fn of(sources: &[(String, String)]) -> Reads {
        let mut reads = Reads::default();
        let local_modules: BTreeSet<String> =
            sources.iter().map(|(name, _)| name.clone()).collect();
        for (_, source) in sources {
            let Ok(file) = syn::parse_file(source) else {
                continue;
            };
            let mut collector = Collector {
                bodies: &mut reads.bodies,
                local_modules: &local_modules,
                current: Vec::new(),
                self_type: None,
            };
            collector.visit_file(&file);
        }
        reads
    }

    /// Every parameter the function `name` may read, itself or through what it calls.
    pub fn of_function(&self, name: &str) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut pending = vec![name.to_string()];
        let mut reads = BTreeSet::new();
        while let Some(key) = pending.pop() {
            if !seen.insert(key.clone()) {
                continue;
            }
            if let Some(body) = self.bodies.get(&key) {
                reads.extend(body.reads.iter().cloned());
                pending.extend(body.calls.iter().cloned());
            }
        }
        reads
    }
}

/// The parameters each check of `exercise` reads that its catalogue entry does not give, as
/// `(check id, parameter)`, in catalogue order.
pub fn missing(exercise: &crate::Exercise, reads: &Reads) -> Vec<(String, String)> {
    let mut missing = Vec::new();
    for check in &exercise.checks {
        for name in reads.of_function(&check.id) {
            if !check.params.contains_key(&name) {
                missing.push((check.id.clone(), name));
            }
        }
    }
    missing
}

/// What `dev check` and the registry say of a missing parameter.
pub fn message(exercise: &str, check: &str, param: &str) -> String {
    format!(
        "grader/catalogue.toml, exercise `{exercise}`, check `{check}`: its code reads the parameter `{param}` (`ctx.param(\"{param}\")`, itself or in a function it calls), which the entry's `params` does not give; add `{param} = ...` to them, or correct the name"
    )
}

/// The `.rs` files under each of `dirs`, sorted, as `(module name, text)` (the file's stem;
/// unreadable files left out).
pub fn sources_under(dirs: &[std::path::PathBuf]) -> Vec<(String, String)> {
    let mut files: Vec<std::path::PathBuf> = dirs
        .iter()
        .flat_map(|dir| walkdir::WalkDir::new(dir).sort_by_file_name())
        .filter_map(Result::ok)
        .map(walkdir::DirEntry::into_path)
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .collect();
    files.sort();
    files
        .iter()
        .filter_map(|path| {
            let stem = path.file_stem()?.to_string_lossy().into_owned();
            Some((stem, std::fs::read_to_string(path).ok()?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHECKS: &str = r#"
        use check_harness::Context;
        pub(crate) fn plain(ctx: &Context) -> CheckResult {
            let t = Tolerance::abs(ctx.param("tolerance"));
            let tolerance = t; // a local named like the harness method is not a call
            helper(ctx, tolerance)
        }
        fn helper(ctx: &Context, _t: Tolerance) -> CheckResult {
            let _ = scaled::rel(ctx, DType::F32);
            Ok(())
        }
        pub(crate) fn with_method(ctx: &Context) -> CheckResult {
            all_close(&[], &[], ctx.tolerance(), None)
        }
        pub(crate) fn with_type_function(ctx: &Context) -> CheckResult {
            let _ = Tolerance::rel(1e-3);
            // the student's function of a check's name is not that check
            let _ = swish::with_method(3);
            Ok(())
        }
        #[cfg(test)]
        mod tests {
            fn plain() { let _ = ctx.param("test_only"); }
        }
    "#;
    const SCALED: &str = r#"
        pub fn rel(ctx: &Context, dtype: DType) -> f64 {
            match dtype { DType::F64 => ctx.param("rel_f64"), _ => ctx.param("rel_f32") }
        }
    "#;
    const HARNESS: &str = r#"
        impl Context {
            pub fn param(&self, name: &str) -> f64 { self.params[name] }
            pub fn tolerance(&self) -> Tolerance { Tolerance::new(self.param("abs"), self.param("rel")) }
        }
        impl Tolerance {
            pub fn rel(rel: f64) -> Tolerance { todo!() }
        }
    "#;

    fn sources() -> Vec<(String, String)> {
        [("visible", CHECKS), ("scaled", SCALED), ("checks", HARNESS)]
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .to_vec()
    }

    fn set(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_check_reads_what_the_functions_it_calls_read() {
        let reads = Reads::of(&sources());
        assert_eq!(
            reads.of_function("plain"),
            set(&["rel_f32", "rel_f64", "tolerance"])
        );
        assert_eq!(reads.of_function("with_method"), set(&["abs", "rel"]));
        // `Tolerance::rel` is not linear-collapse's `rel`
        assert_eq!(reads.of_function("with_type_function"), set(&[]));
    }

    #[test]
    fn a_parameter_the_entry_lacks_is_named() {
        let reads = Reads::of(&sources());
        let mut exercise: crate::Exercise =
            toml::from_str("name = \"ex\"\ntitle = \"t\"\nhints = []\n[[check]]\nid = \"with_method\"\ntitle = \"t\"\npoints = 1\nvisibility = \"visible\"\nparams = { abs = 1e-6 }\n")
                .expect("an exercise");
        assert_eq!(
            missing(&exercise, &reads),
            [("with_method".to_string(), "rel".to_string())]
        );
        exercise.checks[0].params.insert("rel".to_string(), 1e-6);
        assert!(missing(&exercise, &reads).is_empty());
    }
}
