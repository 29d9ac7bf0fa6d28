//! dossier's integration tests, one binary with a module per feature.

mod build_seeds;
mod check;
mod cli;
mod errors;
mod escaping;
mod evaluation;
mod faults;
mod hostile;
mod init;
mod publish;
#[cfg(feature = "serve")]
mod serve;
mod support;
mod topics;
