//! Entry point: commands go to the CLI.

fn main() -> std::process::ExitCode {
    hyokasho::cli::run(std::env::args_os().skip(1).collect(), hyokasho::gui::run)
}
