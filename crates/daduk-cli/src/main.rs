//! `daduk`: the command line of Daduk. It parses arguments, calls the core
//! and prints; the domain lives in `daduk-workspace`.
//!
//! Exit codes: 0 ok, 1 a check failed, 2 bad usage or input.

/// Print a line on stdout; a closed pipe (`daduk ... | head`) ends the
/// command quietly instead of panicking. Much of what is printed came from
/// outside (unit names, file names, packets): control characters are
/// escaped on the way, so no text can drive the terminal.
macro_rules! out {
    () => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock())?
    }};
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(
            std::io::stdout().lock(),
            "{}",
            daduk_workspace::text::shown_lines(&format!($($arg)*))
        )?
    }};
}

mod admin;
mod answers;
mod cli;
mod conflicts;
mod content;
mod evidence;
mod interrupt;
mod packet;
mod plan;
mod portalrb;
mod prerequisites;
mod report;
mod show;
mod side;
mod sync;
mod tpn;
mod units;
mod years;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use daduk_workspace::store::{default_actor, default_workspace_dir};
use daduk_workspace::text::shown_lines;
use daduk_workspace::{Role, Workspace};

use cli::{Cli, Command, RoleArg};

/// What a command found, for the exit code.
#[derive(Debug)]
pub enum Outcome {
    /// Everything checked out.
    Ok,
    /// A check failed (exit 1); the command printed what.
    CheckFailed,
    /// Stopped with Ctrl+C before it finished (exit 130); the command
    /// printed what was done.
    Interrupted,
}

/// The context every command gets.
#[derive(Debug)]
pub struct Ctx {
    workspace: Option<PathBuf>,
    user: Option<String>,
}

impl Ctx {
    fn dir(&self) -> anyhow::Result<PathBuf> {
        match &self.workspace {
            Some(d) => Ok(d.clone()),
            None => Ok(default_workspace_dir()?),
        }
    }

    fn actor(&self) -> String {
        self.user.clone().unwrap_or_else(default_actor)
    }

    /// Open the existing workspace.
    pub fn open(&self) -> anyhow::Result<Workspace> {
        Ok(Workspace::open(&self.dir()?, &self.actor())?)
    }
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Role {
        match r {
            RoleArg::Unit => Role::Unit,
            RoleArg::Tpi => Role::Tpi,
            RoleArg::Tpn => Role::Tpn,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let ctx = Ctx {
        workspace: cli.workspace,
        user: cli.user,
    };
    match run(&ctx, cli.command) {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::CheckFailed) => ExitCode::from(1),
        Ok(Outcome::Interrupted) => ExitCode::from(130),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) if interrupt::requested() => {
            let _ = std::io::stdout().flush();
            eprintln!(
                "dibatalkan dengan Ctrl+C: {}; ruang kerja tetap utuh, jalankan lagi untuk melanjutkan",
                shown_lines(&e.to_string())
            );
            ExitCode::from(130)
        }
        Err(e) => {
            let _ = std::io::stdout().flush();
            eprintln!("galat: {}", shown_lines(&e.to_string()));
            for cause in e.chain().skip(1) {
                eprintln!("  sebab: {}", shown_lines(&cause.to_string()));
            }
            // Core says what needs agreeing to; the flag is the CLI's word.
            if let Some(kind) = e
                .downcast_ref::<daduk_workspace::Error>()
                .and_then(daduk_workspace::Error::consent)
            {
                eprintln!("Bila setuju, ulangi dengan {}.", consent_flag(kind));
            }
            ExitCode::from(2)
        }
    }
}

/// The flag that gives the consent a refusal asks for: the core's message
/// says what is at stake, the face says how to agree.
fn run(ctx: &Ctx, command: Command) -> anyhow::Result<Outcome> {
    match command {
        Command::Init { role } => {
            let dir = ctx.dir()?;
            // A wrong role is refused before anything is created.
            let role = role
                .as_deref()
                .map(daduk_workspace::store::parse_workspace_role)
                .transpose()?;
            let existed = dir.join(daduk_workspace::store::DB_FILE).is_file();
            let ws = Workspace::create(&dir, &ctx.actor())?;
            let verb = if existed { "sudah ada" } else { "dibuat" };
            out!("Ruang kerja {verb}: {}", ws.root().display());
            if let Some(role) = role {
                ws.set_workspace_role(role)?;
                out!("Ruang kerja ini milik {}.", role.writer());
            }
            Ok(Outcome::Ok)
        }
        Command::Template(cmd) => show::template(cmd),
        Command::Unit(cmd) => units::unit(ctx, cmd),
        Command::Assessment(cmd) => units::assessment(ctx, cmd),
        Command::Answer(cmd) => answers::answer(ctx, cmd),
        Command::Score(args) => show::score(ctx, args),
        Command::Status(args) => show::status(ctx, args),
        Command::Log(args) => show::log(ctx, args),
        Command::Evidence(cmd) => evidence::evidence(ctx, cmd),
        Command::Report(args) => report::report(ctx, args),
        Command::Worksheet(cmd) => report::worksheet(ctx, cmd),
        Command::Packet(cmd) => packet::packet(ctx, cmd),
        Command::Portalrb(cmd) => portalrb::portalrb(ctx, cmd),
        Command::Plan(cmd) => plan::plan(ctx, cmd),
        Command::Tpn(cmd) => tpn::tpn(ctx, cmd),
        Command::Sync(args) => sync::sync(ctx, args),
        Command::Conflicts(args) => conflicts::conflicts(ctx, args),
        Command::Search {
            query,
            unit,
            year,
            json,
        } => content::search(ctx, &query, unit.zip(year), json),
        Command::Admin(args) => admin::admin(args),
        Command::Verify {
            unit,
            year,
            repair,
            json,
        } => evidence::verify(ctx, unit.zip(year), repair, json),
    }
}

/// The flag that gives a consent an import asks for.
fn consent_flag(kind: daduk_workspace::error::ConsentKind) -> &'static str {
    use daduk_workspace::error::ConsentKind as K;
    match kind {
        K::OlderPacket => "--allow-older",
        K::NewKey => "--accept-new-key",
        K::UnknownTemplate => "--accept-template",
        K::LookAlikeUnit => "--accept-look-alike",
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.downcast_ref::<std::io::Error>()
        .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}

/// Parse an item code typed by the user.
pub fn item_code(text: &str) -> Result<daduk_workspace::ItemCode, daduk_workspace::Error> {
    text.parse().map_err(|e: daduk_workspace::code::CodeError| {
        daduk_workspace::Error::Invalid(e.to_string())
    })
}

/// A progress bar on stderr (hidden when stderr is not a terminal).
pub fn progress_bar(template: &str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(0);
    if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// Print a value as pretty JSON on stdout.
pub fn print_json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    out!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}
