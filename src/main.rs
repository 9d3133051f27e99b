//! The `attest` binary: the GUI by default, the CLI with a subcommand.

fn main() -> std::process::ExitCode {
    attest::cli::main()
}
