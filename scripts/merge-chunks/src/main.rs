//! `vartai-merge-chunks <pkg dir> [--per-file BYTES]`: merges the split site's WASM chunks
//! (issue #23.3; see the library's documentation) in place: writes `part_<n>.wasm` for each
//! group of two or more files, removes the files merged, and rewrites the splitter's loader
//! (`__wasm_split.*.js`) and manifest (`__wasm_split_manifest.json`). scripts/build-site.sh runs
//! it after `cargo leptos build --split` and before wasm-opt.
use std::collections::BTreeMap;
use std::path::Path;
use vartai_merge_chunks::{loader, merge, plan, File, PER_FILE};

fn main() {
    if let Err(e) = run() {
        eprintln!("merge-chunks: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (dir, per_file) = match args.as_slice() {
        [dir] => (dir.clone(), PER_FILE),
        [dir, flag, n] if flag == "--per-file" => (
            dir.clone(),
            n.parse()
                .map_err(|_| format!("--per-file {n}: not a number"))?,
        ),
        _ => return Err("usage: vartai-merge-chunks <pkg dir> [--per-file BYTES]".into()),
    };
    let dir = Path::new(&dir);
    let read = |name: &str| std::fs::read(dir.join(name)).map_err(|e| format!("{name}: {e}"));
    let manifest_name = "__wasm_split_manifest.json";
    let manifest: BTreeMap<String, Vec<String>> = serde_json::from_slice(&read(manifest_name)?)
        .map_err(|e| format!("{manifest_name}: {e}"))?;
    let js_name = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find(|n| n.starts_with("__wasm_split.") && n.ends_with(".js"))
        .ok_or("no __wasm_split.*.js: was the site built with --split?")?;
    let js = String::from_utf8(read(&js_name)?).map_err(|e| format!("{js_name}: {e}"))?;

    if manifest.values().flatten().any(|f| f.starts_with("part_")) {
        return Err(format!(
            "{}: merged already (build the site again)",
            dir.display()
        ));
    }
    // Every file some route loads, with the routes that load it.
    let routes: Vec<&String> = manifest.keys().collect();
    if routes.len() > 128 {
        return Err(format!(
            "{} routes: at most 128 are supported",
            routes.len()
        ));
    }
    let mut names: Vec<String> = manifest.values().flatten().cloned().collect();
    names.sort();
    names.dedup();
    let mut files = Vec::new();
    for name in &names {
        let size = std::fs::metadata(dir.join(format!("{name}.wasm")))
            .map_err(|e| format!("{name}.wasm: {e}"))?
            .len();
        let routes = routes
            .iter()
            .enumerate()
            .filter(|(_, r)| manifest[**r].contains(name))
            .map(|(i, _)| 1u128 << i)
            .sum();
        files.push(File { size, routes });
    }

    let groups = plan(&files, per_file);
    let mut part_of = BTreeMap::new();
    let mut written = 0;
    for (n, group) in groups.iter().enumerate() {
        if let [one] = group.as_slice() {
            part_of.insert(names[*one].clone(), names[*one].clone());
            continue;
        }
        let part = format!("part_{n}");
        let inputs: Vec<Vec<u8>> = group
            .iter()
            .map(|i| read(&format!("{}.wasm", names[*i])))
            .collect::<Result<_, _>>()?;
        let slices: Vec<&[u8]> = inputs.iter().map(Vec::as_slice).collect();
        let merged = merge(&slices).map_err(|e| format!("{part}: {e}"))?;
        std::fs::write(dir.join(format!("{part}.wasm")), &merged)
            .map_err(|e| format!("{part}.wasm: {e}"))?;
        written += 1;
        for i in group {
            part_of.insert(names[*i].clone(), part.clone());
        }
    }
    let (new_js, new_manifest) = loader(&js, &manifest, &part_of)?;
    // Only now that everything is written: the merged files go.
    for (name, part) in &part_of {
        if name != part {
            std::fs::remove_file(dir.join(format!("{name}.wasm")))
                .map_err(|e| format!("{name}.wasm: {e}"))?;
        }
    }
    std::fs::write(dir.join(&js_name), new_js).map_err(|e| format!("{js_name}: {e}"))?;
    let json = serde_json::to_string_pretty(&new_manifest).map_err(|e| e.to_string())?;
    std::fs::write(dir.join(manifest_name), json).map_err(|e| format!("{manifest_name}: {e}"))?;

    let most = |m: &BTreeMap<String, Vec<String>>| m.values().map(Vec::len).max().unwrap_or(0);
    println!(
        "merge-chunks: {} files -> {} ({} merged); a route loads at most {} files, was {}",
        names.len(),
        groups.len(),
        written,
        most(&new_manifest),
        most(&manifest)
    );
    Ok(())
}
