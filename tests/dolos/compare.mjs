// Dolos (https://dolos.ugent.be) on the class that the test `planted_copies_rank_above_every_
// independent_pair` (tests/tests/class_report.rs) leaves in target/course-tests/class-report-*
// (`cargo test -p course-tests --test class_report -- --nocapture` prints it): per exercise, every student whose file differs from the
// stub, with the stub as Dolos's ignored (template) file; prints the top pairs, with Dolos's
// defaults and with fingerprints in over 20% of the files ignored (as the class report does).
//
//   npm install @dodona/dolos-lib@3.5.1 && npm rebuild @dodona/dolos-parsers tree-sitter tree-sitter-compat
//   node tests/dolos/compare.mjs CLASS_DIR [COURSE_DIR]
//
// A comparison run by hand (README.md, "The class report"), not a test: it needs Node and a C++
// compiler for the tree-sitter parsers.
import { Dolos } from "@dodona/dolos-lib";
import fs from "fs";

if (!process.argv[2]) {
  console.error("give the class's folder, as the test prints it: node tests/dolos/compare.mjs CLASS_DIR [COURSE_DIR]");
  process.exit(2);
}
const root = `${process.argv[2]}/submissions`;
const course = `${process.argv[3] ?? "."}/exercises`;
for (const exercise of ["derivatives", "swish"]) {
  const stub = `${course}/${exercise}/src/lib.rs`;
  const stubText = fs.readFileSync(stub, "utf8");
  const paths = fs.readdirSync(root).sort()
    .map(s => `${root}/${s}/exercises/${exercise}/src/lib.rs`)
    .filter(p => fs.readFileSync(p, "utf8") !== stubText);
  for (const options of [{ language: "rust" }, { language: "rust", maxFingerprintPercentage: 0.2 }]) {
    const started = Date.now();
    const report = await new Dolos(options).analyzePaths(paths, stub);
    const pairs = report.allPairs().sort((a, b) => b.similarity - a.similarity);
    const name = f => f.path.split("/submissions/")[1].split("/")[0];
    console.log(`# ${exercise} ${JSON.stringify(options)}: ${paths.length} files, ${pairs.length} pairs, ${Date.now() - started} ms`);
    for (const p of pairs.slice(0, 12)) console.log(p.similarity.toFixed(3), name(p.leftFile), name(p.rightFile));
  }
}
