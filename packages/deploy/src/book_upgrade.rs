//! The upgrade of a deployment whose relay still keeps the slash book (release 0.2.0) to the
//! separate slash book, in one proposal, so that no consumer request is refused in between
//! (`docs/DECISIONS.md`, "The slash book is a contract of its own"):
//!
//! 1. the relay migrates to its new code (it then opens slashes in a book, and has none yet);
//! 2. the slash book is instantiated at its instantiate2 address (it reads the relay's last slash
//!    id: the records to carry over);
//! 3. `import_slashes` pages carry the relay's records over (100 each);
//! 4. the relay's `set_slash_book` names the book.
//!
//! x/gov runs the messages in one transaction: all of it happens, or none. The number of pages
//! comes from the relay's `last_slash_id` when the proposal is written; slashes the old relay
//! opens during the vote are carried by anyone's `import_slashes` afterwards (until then the book
//! refuses new requests with `Importing`, which the consumers' owners resend). A page more than
//! the records would fail the proposal (`NothingToImport`): the count must not exceed them.

use cosmwasm_std::Uint64;
use palisade_api::{relay, slash_book};

use crate::address;
use crate::artifacts::{Artifact, SuiteContract};
use crate::chain::{require, Chain};
use crate::error::DeployError;
use crate::proposal::{MsgMigrateContract, Proposal, ProposalMessage};

/// Records one `import_slashes` of the proposal carries: the book's maximum page.
pub const IMPORT_PAGE: u64 = 100;
/// Most pages one proposal carries (10,000 records): a transaction's gas stays within a block;
/// anyone imports the rest after it passed.
pub const MAX_IMPORT_PAGES: u64 = 100;

/// What the upgrade needs to know of the deployment and of the new codes.
#[derive(Clone, Debug)]
pub struct BookUpgrade {
    /// The deployed relay and registry.
    pub relay: String,
    pub registry: String,
    /// Code ids an `upgrade-store` proposal gave the new relay and the slash book.
    pub relay_code_id: u64,
    pub slash_book_code_id: u64,
    pub slash_book_salt: String,
    pub slash_book_label: String,
    /// The relay's `last_slash_id` (`query wasm contract-state raw <relay> 6c6173745f736c6173685f6964`,
    /// the key `last_slash_id`): the records to carry over.
    pub relay_slashes: u64,
}

/// The proposal and the book's predicted address.
#[derive(Clone, Debug)]
pub struct BookUpgradePlan {
    pub proposal: Proposal,
    pub slash_book: String,
    pub import_pages: u64,
}

/// The combined proposal. `artifacts` must hold the relay's and the slash book's checked
/// artifacts: the summary names the sha256 each code id must have, and the book's address is
/// predicted from its checksum.
pub fn book_upgrade_proposal(
    chain: &Chain,
    artifacts: &[Artifact],
    upgrade: &BookUpgrade,
) -> Result<BookUpgradePlan, DeployError> {
    let chain = chain.validated()?;
    let relay_code = require(artifacts, SuiteContract::Relay)?;
    let book_code = require(artifacts, SuiteContract::SlashBook)?;
    address::decode("relay address", &upgrade.relay, &chain.prefix)?;
    address::decode("registry address", &upgrade.registry, &chain.prefix)?;
    for (field, code_id) in [
        ("relay", upgrade.relay_code_id),
        ("slash book", upgrade.slash_book_code_id),
    ] {
        if code_id == 0 {
            return Err(DeployError::ZeroCodeId { field });
        }
    }
    if upgrade.slash_book_salt.is_empty() || upgrade.slash_book_salt.len() > 64 {
        return Err(DeployError::InvalidSalt {
            field: "slash book salt",
            salt: upgrade.slash_book_salt.clone(),
        });
    }
    if upgrade.slash_book_label.trim().is_empty() {
        return Err(DeployError::Empty {
            field: "slash book label",
        });
    }
    // Beyond what one proposal carries, anyone imports the rest once it passed.
    let import_pages = upgrade
        .relay_slashes
        .div_ceil(IMPORT_PAGE)
        .min(MAX_IMPORT_PAGES);
    let imported = (import_pages * IMPORT_PAGE).min(upgrade.relay_slashes);
    let book = chain.predict(book_code, &upgrade.slash_book_salt)?;

    let mut messages = vec![ProposalMessage::MigrateContract(MsgMigrateContract {
        sender: chain.gov.clone(),
        contract: upgrade.relay.clone(),
        code_id: Uint64::new(upgrade.relay_code_id),
        msg: serde_json::to_value(relay::MigrateMsg {})?,
    })];
    let book_msg = slash_book::InstantiateMsg {
        owner: chain.gov.clone(),
        registry: upgrade.registry.clone(),
        relay: upgrade.relay.clone(),
    };
    messages.push(chain.instantiate2(
        upgrade.slash_book_code_id,
        &upgrade.slash_book_label,
        serde_json::to_value(&book_msg)?,
        &upgrade.slash_book_salt,
    ));
    let page = slash_book::ExecuteMsg::ImportSlashes {
        limit: Some(IMPORT_PAGE as u32),
    };
    for _ in 0..import_pages {
        messages.push(chain.execute(&book, serde_json::to_value(&page)?));
    }
    let set_book = relay::ExecuteMsg::SetSlashBook {
        slash_book: book.clone(),
    };
    messages.push(chain.execute(&upgrade.relay, serde_json::to_value(&set_book)?));

    let summary = format!(
        "Moves the slash book out of the relay, in one transaction, as the gov module account:\n\
         1. migrates the relay {relay} to code {relay_code_id}, which must be {relay_file} with \
         sha256 {relay_sum};\n\
         2. instantiates the slash book at {book} (instantiate2, salt {salt:?}) from code \
         {book_code_id}, which must be {book_file} with sha256 {book_sum}; the registry is \
         {registry};\n\
         3. carries {imported} of the relay's {slashes} slash records over in {import_pages} \
         import_slashes page(s) of {IMPORT_PAGE};\n\
         4. names the book on the relay (set_slash_book).\n\
         The rest, and slashes the relay opens while this proposal is voted on, are carried \
         over by anyone's import_slashes afterwards; the book answers `importing` until then. Check each code id \
         before voting: `query wasm code-info <id>` must show that sha256, in upper case, as its \
         data_hash.\n{source}",
        relay = upgrade.relay,
        relay_code_id = upgrade.relay_code_id,
        relay_file = relay_code.file_name,
        relay_sum = relay_code.checksum_hex(),
        salt = upgrade.slash_book_salt,
        book_code_id = upgrade.slash_book_code_id,
        book_file = book_code.file_name,
        book_sum = book_code.checksum_hex(),
        registry = upgrade.registry,
        slashes = upgrade.relay_slashes,
        source = chain.source_line(),
    );
    let proposal = chain.envelope("move the slash book out of the relay", summary, messages)?;
    Ok(BookUpgradePlan {
        proposal,
        slash_book: book,
        import_pages,
    })
}
