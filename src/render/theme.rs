//! Templates and theme assets: the defaults compiled into the binary, overridden file by file
//! by a site's `templates/` folder. Parsed once per build.

use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::{Context, Tera};

use crate::diagnostics::{Diagnostic, Position};

/// The default theme, compiled in so that a site without `templates/` still builds.
const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("article.html", include_str!("../../templates/article.html")),
    ("topic.html", include_str!("../../templates/topic.html")),
    ("topics.html", include_str!("../../templates/topics.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("timeline.html", include_str!("../../templates/timeline.html")),
    ("sources.html", include_str!("../../templates/sources.html")),
    ("source.html", include_str!("../../templates/source.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("card.html", include_str!("../../templates/card.html")),
    ("pagination.html", include_str!("../../templates/pagination.html")),
    ("atom.xml", include_str!("../../templates/atom.xml")),
];

/// Files copied to the output root as they are.
const DEFAULT_ASSETS: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../../templates/style.css")),
    ("search.js", include_bytes!("../../templates/search.js")),
    ("favicon.svg", include_bytes!("../../templates/favicon.svg")),
];

/// Extensions of files in a site's `templates/` folder that are copied to the output root.
const ASSET_EXTENSIONS: &[&str] = &["css", "js", "svg", "png", "ico", "webp", "woff2"];

/// The built-in theme, file by file: what `dossier init` copies into a new site.
pub fn default_theme_files() -> Vec<(&'static str, &'static [u8])> {
    DEFAULT_TEMPLATES.iter().map(|(n, t)| (*n, t.as_bytes())).chain(DEFAULT_ASSETS.iter().copied()).collect()
}

pub struct Theme {
    tera: Tera,
    assets: Vec<(String, Vec<u8>)>,
    /// Where each template came from, for messages.
    origins: Vec<(String, PathBuf)>,
}

impl Theme {
    /// The defaults, with every `.html` and `.xml` template and every stylesheet, script or
    /// image found in `dir` (shown to the user as `shown`) replacing the default of the same
    /// name or added beside them.
    pub fn load(dir: &Path, shown: &Path) -> Result<Theme, Diagnostic> {
        let mut templates: Vec<(String, String)> =
            DEFAULT_TEMPLATES.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
        let mut origins: Vec<(String, PathBuf)> = DEFAULT_TEMPLATES
            .iter()
            .map(|(n, _)| (n.to_string(), PathBuf::from(format!("(built-in) {n}"))))
            .collect();
        let mut assets: Vec<(String, Vec<u8>)> =
            DEFAULT_ASSETS.iter().map(|(n, b)| (n.to_string(), b.to_vec())).collect();
        if dir.is_dir() {
            let entries = std::fs::read_dir(dir)
                .map_err(|e| Diagnostic::error(shown, format!("cannot read the templates folder: {e}")))?;
            let mut names: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            names.sort();
            for path in names {
                let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_string) else {
                    continue;
                };
                let shown_path = shown.join(&name);
                let extension = Path::new(&name).extension().and_then(|e| e.to_str()).unwrap_or("");
                if extension == "html" || extension == "xml" {
                    let text = std::fs::read_to_string(&path).map_err(|e| {
                        Diagnostic::error(&shown_path, format!("cannot read the template: {e}"))
                    })?;
                    replace(&mut templates, &name, text);
                    replace(&mut origins, &name, shown_path);
                } else if ASSET_EXTENSIONS.contains(&extension) && path.is_file() {
                    let bytes = std::fs::read(&path).map_err(|e| {
                        Diagnostic::error(&shown_path, format!("cannot read the theme file: {e}"))
                    })?;
                    replace(&mut assets, &name, bytes);
                }
            }
        }
        let mut tera = Tera::default();
        tera.register_filter("date_long", date_long);
        if let Err(e) = tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
            return Err(template_error(&e, &origins, &templates));
        }
        Ok(Theme { tera, assets, origins })
    }

    pub fn assets(&self) -> &[(String, Vec<u8>)] {
        &self.assets
    }

    /// Renders `template` for the page at `page` with `view` as its context.
    pub fn render<T: Serialize>(&self, template: &str, page: &str, view: &T) -> Result<Vec<u8>, Diagnostic> {
        let mut context = Context::from_serialize(view).map_err(|e| {
            Diagnostic::error(
                self.origin(template),
                format!("cannot pass the page data to the template: {e}"),
            )
        })?;
        context.insert("root", &super::root_from(page));
        context.insert("page_path", page);
        // The page's address relative to the root, as canonical links write it.
        context.insert("page_url", page.strip_suffix("index.html").unwrap_or(page));
        self.tera.render(template, &context).map(String::into_bytes).map_err(|e| {
            let d = template_error(&e, &self.origins, &[]);
            Diagnostic { message: format!("{} (while rendering {page})", d.message), ..d }
        })
    }

    fn origin(&self, name: &str) -> PathBuf {
        self.origins.iter().find(|(n, _)| n == name).map_or_else(|| PathBuf::from(name), |(_, p)| p.clone())
    }
}

fn replace<T>(list: &mut Vec<(String, T)>, name: &str, value: T) {
    match list.iter_mut().find(|(n, _)| n == name) {
        Some(slot) => slot.1 = value,
        None => list.push((name.to_string(), value)),
    }
}

/// A Tera error as a diagnostic on the template file, line and column.
fn template_error(
    error: &tera::Error,
    origins: &[(String, PathBuf)],
    sources: &[(String, String)],
) -> Diagnostic {
    use std::error::Error as _;
    let mut message = error.to_string();
    let mut cause = error.source();
    while let Some(c) = cause {
        message.push_str(&format!("\n  caused by: {c}"));
        cause = c.source();
    }
    let report = match error.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    let Some(report) = report else {
        return Diagnostic::error("templates", format!("template error: {message}"));
    };
    let name = report.filename();
    let path =
        origins.iter().find(|(n, _)| n == name).map_or_else(|| PathBuf::from(name), |(_, p)| p.clone());
    let span = report.span();
    let position = Position { line: span.start_line, column: span.start_col + 1 };
    let mut d = Diagnostic::error(path, format!("template error: {}", report.message()));
    if let Some((_, text)) = sources.iter().find(|(n, _)| n == name) {
        d = d.at(text, position);
    } else {
        d.position = Some(position);
    }
    d.with_help("fix the template; the line and column above point at the problem")
}

/// `2018-03-11` -> `11 March 2018`.
fn date_long(value: &str, _: tera::Kwargs, _: &tera::State) -> String {
    match chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        Ok(d) => crate::dates::long(d),
        Err(_) => value.to_string(),
    }
}
