//! Issue #23.3 — fewer WASM files per page.
//!
//! The splitter (cargo-leptos `--split`, `wasm_split_cli_support`) gives each lazy route a module
//! of its own and one chunk per distinct set of routes that share some code: 386 files for 28
//! routes, 222 of them under 500 bytes brotli; a section page fetches 145. Every file is a request,
//! and a module the phone compiles and instantiates; every file also repeats its headers (its
//! imports and types). Lighthouse puts the slow pages' time there.
//!
//! This crate merges them into groups along the routes that load them:
//! * [`plan`] decides which files go together: greedily, each step merges the two groups whose
//!   union saves the most, counted over the routes that load them (bytes fetched, plus a price
//!   per file). A route loads code it does not need only where fewer files pay for it.
//! * [`merge`] makes one module of several: the shared imports (memory, table, globals) once,
//!   the types deduplicated, the functions, element and data segments appended with their
//!   indices moved. The splitter's modules import nothing from each other and export nothing:
//!   calls between them go through the shared table, whose slots each module's element
//!   segments fill. So a merged module does what its parts did. Each part must still be
//!   instantiated once only (its data segments initialise its statics), so a part is in
//!   exactly one group.
//! * [`loader`] rewrites the splitter's JavaScript loader and its manifest (which the server
//!   reads for a page's preload links) for the groups.
use std::collections::{BTreeMap, HashMap};
use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasm_encoder::{
    CodeSection, DataCountSection, DataSection, ElementSection, FunctionSection, GlobalType,
    ImportSection, MemoryType, Module, TableType, TypeSection, ValType,
};
use wasmparser::{CompositeInnerType, Parser, Payload, TypeRef, Validator};

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// One file of the split site: its size (bytes) and the routes that load it (bit `i`: route `i`).
#[derive(Clone, Debug)]
pub struct File {
    pub size: u64,
    pub routes: u128,
}

/// The price of one more file for a route, in bytes: what a page saves by fetching one file
/// fewer is taken to be worth this many bytes more (of the optimized WASM, before compression).
/// Measured on the site of 2026-12-07 (386 files; the most a route loads; the heaviest route,
/// brotli): 0 → 312 files, 124, 170,502 B; 2,048 → 104, 33, 152,476; 4,096 → 83, 23, 154,644;
/// 8,192 → 65, 16, 150,244, but the public pages grow (a service's page 31 → 50 KB). 4,096
/// keeps those within ~2–3 KB of before, and cuts the files a page waits for the most.
pub const PER_FILE: u64 = 4_096;
/// Bytes a merge saves by writing one module's headers (imports, types) once for two.
pub const OVERHEAD: u64 = 100;

struct Group {
    routes: u128,
    size: u64,
    members: Vec<usize>,
}

/// What a group costs the routes that load it: bytes, and the price of a file, each.
fn cost(routes: u128, size: u64, per_file: u64) -> u64 {
    u64::from(routes.count_ones()) * (size + per_file)
}

/// The routes that load `a` and `b` merged, and its estimated size.
fn union(a: &Group, b: &Group) -> (u128, u64) {
    let size = (a.size + b.size)
        .saturating_sub(OVERHEAD)
        .max(a.size.max(b.size));
    (a.routes | b.routes, size)
}

/// Which files to merge: groups of indices into `files` (every file in exactly one group, in
/// order). Two groups are merged only when some route loads both, and only while a merge
/// lowers the total cost over all routes (`per_file` per file a route loads, plus its bytes).
pub fn plan(files: &[File], per_file: u64) -> Vec<Vec<usize>> {
    let mut groups: Vec<Group> = files
        .iter()
        .enumerate()
        .map(|(i, f)| Group { routes: f.routes, size: f.size, members: vec![i] })
        .collect();
    loop {
        let mut best: Option<(u64, usize, usize)> = None;
        for i in 0..groups.len() {
            for j in i + 1..groups.len() {
                let (a, b) = (&groups[i], &groups[j]);
                if a.routes & b.routes == 0 {
                    continue;
                }
                let (routes, size) = union(a, b);
                let before = cost(a.routes, a.size, per_file) + cost(b.routes, b.size, per_file);
                let after = cost(routes, size, per_file);
                if after < before && best.is_none_or(|(gain, ..)| before - after > gain) {
                    best = Some((before - after, i, j));
                }
            }
        }
        let Some((_, i, j)) = best else { break };
        let b = groups.remove(j);
        let (routes, size) = union(&groups[i], &b);
        let a = &mut groups[i];
        (a.routes, a.size) = (routes, size);
        a.members.extend(b.members);
    }
    let mut out: Vec<Vec<usize>> = groups
        .into_iter()
        .map(|mut g| {
            g.members.sort_unstable();
            g.members
        })
        .collect();
    out.sort();
    out
}

/// How one input's indices move in the merged module.
struct Moves {
    types: Vec<u32>,
    globals: Vec<u32>,
    functions: u32,
    data: u32,
    elements: u32,
}

impl Reencode for Moves {
    type Error = std::convert::Infallible;

    fn type_index(&mut self, ty: u32) -> Result<u32, wasm_encoder::reencode::Error> {
        Ok(self.types[ty as usize])
    }

    fn global_index(&mut self, global: u32) -> Result<u32, wasm_encoder::reencode::Error> {
        Ok(self.globals[global as usize])
    }

    // The inputs import no functions (checked), so a function's index is its place in the
    // input's own functions.
    fn function_index(&mut self, func: u32) -> Result<u32, wasm_encoder::reencode::Error> {
        Ok(self.functions + func)
    }

    fn data_index(&mut self, data: u32) -> Result<u32, wasm_encoder::reencode::Error> {
        Ok(self.data + data)
    }

    fn element_index(&mut self, element: u32) -> Result<u32, wasm_encoder::reencode::Error> {
        Ok(self.elements + element)
    }
}

type FuncType = (Vec<ValType>, Vec<ValType>);

/// The merged module while inputs are added.
#[derive(Default)]
struct Merged {
    types: Vec<FuncType>,
    type_ids: HashMap<FuncType, u32>,
    memory: Option<(String, String, MemoryType)>,
    table: Option<(String, String, TableType)>,
    globals: Vec<(String, String, GlobalType)>,
    functions: FunctionSection,
    code: CodeSection,
    elements: ElementSection,
    data: DataSection,
    n_functions: u32,
    n_data: u32,
    n_elements: u32,
}

/// Keeps one import of a memory or table that several inputs share: the same name, the same
/// type but for the minimum size, of which the largest holds for all.
fn share<T: PartialEq + Clone>(
    slot: &mut Option<(String, String, T)>,
    module: &str,
    name: &str,
    ty: T,
    same: impl Fn(&T, &T) -> bool,
    grow: impl Fn(&mut T, &T),
) -> Result<(), String> {
    match slot {
        None => *slot = Some((module.into(), name.into(), ty)),
        Some((m, n, t)) => {
            if m != module || n != name || !same(t, &ty) {
                return Err(format!(
                    "{module}.{name}: the inputs do not import the same memory or table"
                ));
            }
            grow(t, &ty);
        }
    }
    Ok(())
}

impl Merged {
    fn type_id(&mut self, ty: FuncType) -> u32 {
        if let Some(id) = self.type_ids.get(&ty) {
            return *id;
        }
        let id = self.types.len() as u32;
        self.types.push(ty.clone());
        self.type_ids.insert(ty, id);
        id
    }

    fn global(&mut self, module: &str, name: &str, ty: GlobalType) -> Result<u32, String> {
        match self
            .globals
            .iter()
            .position(|(m, n, _)| m == module && n == name)
        {
            Some(i) if self.globals[i].2 == ty => Ok(i as u32),
            Some(_) => Err(format!("{module}.{name}: imported with two types")),
            None => {
                self.globals.push((module.into(), name.into(), ty));
                Ok(self.globals.len() as u32 - 1)
            }
        }
    }

    fn add(&mut self, bytes: &[u8]) -> Result<(), String> {
        let mut moves = Moves {
            types: Vec::new(),
            globals: Vec::new(),
            functions: self.n_functions,
            data: self.n_data,
            elements: self.n_elements,
        };
        let (mut functions, mut data, mut elements) = (0, 0, 0);
        let mut rt = RoundtripReencoder;
        for payload in Parser::new(0).parse_all(bytes) {
            match payload.map_err(err)? {
                Payload::Version { .. }
                | Payload::End(_)
                | Payload::CustomSection(_)
                | Payload::DataCountSection { .. }
                | Payload::CodeSectionStart { .. } => {}
                Payload::TypeSection(section) => {
                    for group in section {
                        let group = group.map_err(err)?;
                        if group.is_explicit_rec_group() {
                            return Err("recursive type groups are not supported".into());
                        }
                        for sub in group.into_types() {
                            let CompositeInnerType::Func(f) = &sub.composite_type.inner else {
                                return Err("only function types are supported".into());
                            };
                            let params = rt.val_types(f.params().to_vec()).map_err(err)?;
                            let results = rt.val_types(f.results().to_vec()).map_err(err)?;
                            let id = self.type_id((params, results));
                            moves.types.push(id);
                        }
                    }
                }
                Payload::ImportSection(section) => {
                    for import in section.into_imports() {
                        let import = import.map_err(err)?;
                        let (module, name) = (import.module, import.name);
                        match import.ty {
                            TypeRef::Memory(m) => {
                                let m = rt.memory_type(m).map_err(err)?;
                                share(
                                    &mut self.memory,
                                    module,
                                    name,
                                    m,
                                    |a, b| a.maximum == b.maximum && a.memory64 == b.memory64,
                                    |a, b| a.minimum = a.minimum.max(b.minimum),
                                )?;
                            }
                            TypeRef::Table(t) => {
                                let t = rt.table_type(t).map_err(err)?;
                                share(
                                    &mut self.table,
                                    module,
                                    name,
                                    t,
                                    |a, b| {
                                        a.maximum == b.maximum && a.element_type == b.element_type
                                    },
                                    |a, b| a.minimum = a.minimum.max(b.minimum),
                                )?;
                            }
                            TypeRef::Global(g) => {
                                let g = rt.global_type(g).map_err(err)?;
                                moves.globals.push(self.global(module, name, g)?);
                            }
                            _ => {
                                return Err(format!(
                                    "{module}.{name}: only a memory, a table and globals can be \
                                     imported (the splitter's modules import nothing else)"
                                ))
                            }
                        }
                    }
                }
                Payload::FunctionSection(section) => {
                    for ty in section {
                        self.functions
                            .function(moves.types[ty.map_err(err)? as usize]);
                        functions += 1;
                    }
                }
                Payload::ElementSection(section) => {
                    for element in section {
                        moves
                            .parse_element(&mut self.elements, element.map_err(err)?)
                            .map_err(err)?;
                        elements += 1;
                    }
                }
                Payload::DataSection(section) => {
                    for datum in section {
                        moves
                            .parse_data(&mut self.data, datum.map_err(err)?)
                            .map_err(err)?;
                        data += 1;
                    }
                }
                // The splitter writes an export section with nothing in it.
                Payload::ExportSection(section) if section.count() == 0 => {}
                Payload::CodeSectionEntry(body) => {
                    moves
                        .parse_function_body(&mut self.code, body)
                        .map_err(err)?;
                }
                other => {
                    let id = other.as_section().map_or(0, |(id, _)| id);
                    return Err(format!(
                        "section {id} is not supported (the splitter's modules have none)"
                    ));
                }
            }
        }
        self.n_functions += functions;
        self.n_data += data;
        self.n_elements += elements;
        Ok(())
    }

    fn finish(self) -> Vec<u8> {
        let mut module = Module::new();
        let mut types = TypeSection::new();
        for (params, results) in &self.types {
            types
                .ty()
                .function(params.iter().copied(), results.iter().copied());
        }
        module.section(&types);
        let mut imports = ImportSection::new();
        if let Some((m, n, ty)) = &self.memory {
            imports.import(m, n, *ty);
        }
        if let Some((m, n, ty)) = &self.table {
            imports.import(m, n, *ty);
        }
        for (m, n, ty) in &self.globals {
            imports.import(m, n, *ty);
        }
        module.section(&imports);
        if self.n_functions > 0 {
            module.section(&self.functions);
        }
        if self.n_elements > 0 {
            module.section(&self.elements);
        }
        if self.n_data > 0 {
            module.section(&DataCountSection { count: self.n_data });
        }
        if self.n_functions > 0 {
            module.section(&self.code);
        }
        if self.n_data > 0 {
            module.section(&self.data);
        }
        module.finish()
    }
}

/// Checks a module with the features the site is built with (wasmparser's defaults cover them).
pub fn validate(bytes: &[u8]) -> Result<(), String> {
    Validator::new()
        .validate_all(bytes)
        .map(|_| ())
        .map_err(err)
}

/// One module doing what all of `inputs` do. Each input is checked first, and so is the result.
pub fn merge(inputs: &[&[u8]]) -> Result<Vec<u8>, String> {
    let mut merged = Merged::default();
    for (i, bytes) in inputs.iter().enumerate() {
        validate(bytes).map_err(|e| format!("input {i}: {e}"))?;
        merged.add(bytes).map_err(|e| format!("input {i}: {e}"))?;
    }
    let out = merged.finish();
    validate(&out).map_err(|e| format!("the merged module: {e}"))?;
    Ok(out)
}

/// Where the splitter's loader starts listing its modules (the part before is its runtime).
fn loaders_start(js: &str) -> Option<usize> {
    [
        "\n/* ",
        "\nconst __chunk_",
        "\nexport const __wasm_split_load_",
    ]
    .iter()
    .filter_map(|marker| js.find(marker))
    .min()
    .map(|i| i + 1)
}

/// How the loader fetches and instantiates one module (the splitter's own form for the web).
fn fetcher(file: &str) -> String {
    format!(
        "() => {{\n    const src = fetch(new URL(\"./{file}.wasm\", import.meta.url));\n    \
         return async (imports) => (WebAssembly.instantiateStreaming(src, imports));\n}}"
    )
}

/// The splitter's loader (`__wasm_split.*.js`) and manifest (route → files) rewritten for
/// `groups` (file name → the name of the file it is now part of). Every route's loader waits for
/// its groups, each fetched once however many routes share it.
pub fn loader(
    js: &str,
    manifest: &BTreeMap<String, Vec<String>>,
    groups: &BTreeMap<String, String>,
) -> Result<(String, BTreeMap<String, Vec<String>>), String> {
    if js.contains("const __part_") || manifest.values().flatten().any(|f| f.starts_with("part_")) {
        return Err("these files are merged already (build the site again)".into());
    }
    let start = loaders_start(js).ok_or("no module list in the splitter's loader")?;
    let splits: Vec<&str> = js
        .match_indices("export const __wasm_split_load_")
        .filter_map(|(i, m)| {
            let rest = &js[i + m.len()..];
            rest.find(' ').map(|end| &rest[..end])
        })
        .collect();
    for split in manifest.keys() {
        if !splits.contains(&split.as_str()) {
            return Err(format!("the manifest's {split} has no loader"));
        }
    }
    let mut new_manifest = BTreeMap::new();
    for (split, files) in manifest {
        let mut parts: Vec<String> = Vec::new();
        for f in files {
            let part = groups.get(f).ok_or(format!("{f} is in no group"))?;
            if !parts.contains(part) {
                parts.push(part.clone());
            }
        }
        new_manifest.insert(split.clone(), parts);
    }
    let mut parts: Vec<&String> = groups.values().collect();
    parts.sort();
    parts.dedup();
    let var = |part: &str| {
        format!(
            "__part_{}",
            part.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
        )
    };
    let mut out = js[..start].to_string();
    for part in &parts {
        out.push_str(&format!(
            "const {} = makeLoad({}, []);\n",
            var(part),
            fetcher(part)
        ));
    }
    for split in &splits {
        let deps: Vec<String> = new_manifest
            .get(*split)
            .map(|parts: &Vec<String>| parts.iter().map(|p| var(p)).collect())
            .unwrap_or_default();
        out.push_str(&format!(
            "export const __wasm_split_load_{split} = wrapAsyncCb(makeLoad(() => async (_imp) => ({{}}), [{}]));\n",
            deps.join(", ")
        ));
    }
    Ok((out, new_manifest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_encoder::{ConstExpr, Elements, EntityType, Function, Instruction, RefType};

    /// A module like the splitter's: imports the memory, the table and a global, defines
    /// `funcs` functions (the last calls the first, and reads the global), puts them in the
    /// table from `slot` on and writes `data` at `at`.
    fn part(funcs: u32, slot: i32, at: i32, data: &[u8]) -> Vec<u8> {
        let mut m = Module::new();
        let mut types = TypeSection::new();
        types.ty().function([ValType::I32], []);
        types.ty().function([], [ValType::I32]);
        m.section(&types);
        let mut imports = ImportSection::new();
        let memory = MemoryType {
            minimum: 20,
            maximum: None,
            memory64: false,
            shared: false,
            page_size_log2: None,
        };
        imports.import("__wasm_split", "memory", EntityType::Memory(memory));
        let table = TableType {
            element_type: RefType::FUNCREF,
            table64: false,
            minimum: 100,
            maximum: None,
            shared: false,
        };
        imports.import("__wasm_split", "__indirect_function_table", table);
        let global = GlobalType { val_type: ValType::I32, mutable: true, shared: false };
        imports.import("__wasm_split", "__wasm_split_shared0", global);
        m.section(&imports);
        let mut functions = FunctionSection::new();
        for _ in 0..funcs {
            functions.function(1);
        }
        m.section(&functions);
        let mut elements = ElementSection::new();
        let indices: Vec<u32> = (0..funcs).collect();
        elements.active(
            None,
            &ConstExpr::i32_const(slot),
            Elements::Functions(indices.into()),
        );
        m.section(&elements);
        m.section(&DataCountSection { count: 1 });
        let mut code = CodeSection::new();
        for i in 0..funcs {
            let mut f = Function::new([]);
            if i + 1 == funcs && funcs > 1 {
                f.instruction(&Instruction::Call(0));
                f.instruction(&Instruction::Drop);
            }
            f.instruction(&Instruction::GlobalGet(0));
            f.instruction(&Instruction::End);
            code.function(&f);
        }
        m.section(&code);
        let mut datas = DataSection::new();
        datas.active(0, &ConstExpr::i32_const(at), data.iter().copied());
        m.section(&datas);
        m.finish()
    }

    #[test]
    fn a_merged_module_imports_once_and_keeps_every_part() {
        let a = part(2, 10, 1000, b"first");
        let b = part(3, 20, 2000, b"second");
        let merged = merge(&[&a, &b]).unwrap();
        let (mut imports, mut functions, mut calls) = (Vec::new(), 0, Vec::new());
        let (mut slots, mut data) = (Vec::new(), Vec::new());
        for payload in Parser::new(0).parse_all(&merged) {
            match payload.unwrap() {
                Payload::ImportSection(s) => {
                    for i in s.into_imports() {
                        let i = i.unwrap();
                        imports.push(format!("{}.{}", i.module, i.name));
                    }
                }
                Payload::FunctionSection(s) => functions = s.count(),
                Payload::CodeSectionEntry(body) => {
                    for op in body.get_operators_reader().unwrap() {
                        if let wasmparser::Operator::Call { function_index } = op.unwrap() {
                            calls.push(function_index);
                        }
                    }
                }
                Payload::ElementSection(s) => {
                    for e in s {
                        let e = e.unwrap();
                        let wasmparser::ElementKind::Active { offset_expr, .. } = e.kind else {
                            panic!("not active")
                        };
                        let wasmparser::ElementItems::Functions(f) = e.items else {
                            panic!("not functions")
                        };
                        let f: Vec<u32> = f.into_iter().map(Result::unwrap).collect();
                        slots.push((
                            format!("{:?}", offset_expr.get_operators_reader().read().unwrap()),
                            f,
                        ));
                    }
                }
                Payload::DataSection(s) => {
                    for d in s {
                        data.push(d.unwrap().data.to_vec());
                    }
                }
                _ => {}
            }
        }
        // One memory, one table, one global: imported once for both parts.
        assert_eq!(
            imports,
            [
                "__wasm_split.memory",
                "__wasm_split.__indirect_function_table",
                "__wasm_split.__wasm_split_shared0"
            ]
        );
        assert_eq!(functions, 5);
        // Each part's call to its own first function still reaches it: 0 in the first part,
        // 2 (after the first part's two) in the second.
        assert_eq!(calls, [0, 2]);
        // Each part fills its own table slots with its own functions.
        assert_eq!(
            slots,
            [
                ("I32Const { value: 10 }".to_string(), vec![0, 1]),
                ("I32Const { value: 20 }".to_string(), vec![2, 3, 4]),
            ]
        );
        assert_eq!(data, [b"first".to_vec(), b"second".to_vec()]);
    }

    #[test]
    fn a_module_that_imports_a_function_is_refused() {
        let mut m = Module::new();
        let mut types = TypeSection::new();
        types.ty().function([], []);
        m.section(&types);
        let mut imports = ImportSection::new();
        imports.import("env", "f", EntityType::Function(0));
        m.section(&imports);
        let e = merge(&[&m.finish()]).unwrap_err();
        assert!(e.contains("env.f"), "{e}");
        assert!(merge(&[b"not wasm"]).is_err());
    }

    fn file(size: u64, routes: &[u32]) -> File {
        File { size, routes: routes.iter().map(|r| 1u128 << r).sum() }
    }

    #[test]
    fn small_files_of_the_same_routes_go_together_and_big_ones_stay_apart() {
        let files = [
            // Two tiny chunks both routes load: one file is cheaper.
            file(200, &[0, 1]),
            file(300, &[0, 1]),
            // A big chunk only route 0 and 2 load: merging it with the above would make
            // route 1 fetch 50 KB for nothing.
            file(50_000, &[0, 2]),
            // A route's own module and a tiny chunk only that route and one other load.
            file(10_000, &[3]),
            file(150, &[3, 0]),
        ];
        let groups = plan(&files, PER_FILE);
        assert!(
            groups.iter().any(|g| g.contains(&0) && g.contains(&1)),
            "{groups:?}"
        );
        assert!(groups.iter().any(|g| g == &vec![2]), "{groups:?}");
        // Every file is in exactly one group.
        let mut all: Vec<usize> = groups.concat();
        all.sort_unstable();
        assert_eq!(all, [0, 1, 2, 3, 4]);
        // With no price per file, nothing is merged that a route would fetch for nothing.
        let groups = plan(&files, 0);
        assert!(
            !groups.iter().any(|g| g.contains(&2) && g.len() > 1),
            "{groups:?}"
        );
    }

    #[test]
    fn the_loader_waits_for_each_routes_groups() {
        let js = "import { initSync } from \"./vartai.js\";\nfunction makeLoad() {}\n\
                  /* a, b */\nconst __chunk_1 = makeLoad(() => {}, []);\n\
                  export const __wasm_split_load_a = wrapAsyncCb(makeLoad(f, [__chunk_1]));\n\
                  export const __wasm_split_load_b = wrapAsyncCb(makeLoad(f, [__chunk_1]));\n\
                  export const __wasm_split_load_c = wrapAsyncCb(makeLoad(f, []));\n";
        let manifest: BTreeMap<String, Vec<String>> = [
            (
                "a".to_string(),
                vec!["chunk_1".to_string(), "split_a".to_string()],
            ),
            (
                "b".to_string(),
                vec!["chunk_1".to_string(), "split_b".to_string()],
            ),
        ]
        .into();
        let groups: BTreeMap<String, String> = [
            ("chunk_1", "part_0"),
            ("split_a", "part_0"),
            ("split_b", "split_b"),
        ]
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        let (out, m) = loader(js, &manifest, &groups).unwrap();
        assert!(
            out.starts_with("import { initSync } from \"./vartai.js\";\nfunction makeLoad() {}\n")
        );
        assert!(!out.contains("__chunk_1"), "{out}");
        assert!(out.contains("const __part_part_0 = makeLoad(() => {\n    const src = fetch(new URL(\"./part_0.wasm\", import.meta.url));"), "{out}");
        assert!(out.contains("export const __wasm_split_load_a = wrapAsyncCb(makeLoad(() => async (_imp) => ({}), [__part_part_0]));"), "{out}");
        assert!(out.contains("export const __wasm_split_load_b = wrapAsyncCb(makeLoad(() => async (_imp) => ({}), [__part_part_0, __part_split_b]));"), "{out}");
        // A route with nothing to fetch keeps a loader that fetches nothing.
        assert!(out.contains("export const __wasm_split_load_c = wrapAsyncCb(makeLoad(() => async (_imp) => ({}), []));"), "{out}");
        assert_eq!(m["a"], ["part_0"]);
        assert_eq!(m["b"], ["part_0", "split_b"]);
        // Merged files are not merged again (a part's name would be taken twice).
        let e = loader(&out, &m, &groups).unwrap_err();
        assert!(e.contains("merged already"), "{e}");
    }
}
