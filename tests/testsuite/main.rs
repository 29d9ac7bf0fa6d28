//! dossier's integration tests, one binary with a module per feature.

mod build_seeds;
mod cli;
mod errors;
mod escaping;
#[cfg(feature = "serve")]
mod serve;
mod support;
