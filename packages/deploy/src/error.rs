use std::path::PathBuf;

use thiserror::Error;

/// Everything that stops the generator. Each refusal names the value at fault, so whoever runs
/// it can correct the input before a proposal spends a deposit and a voting period.
#[derive(Error, Debug)]
pub enum DeployError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{path}, line {line}: not a sha256sum line (\"<64 hex digits>  <file>\")")]
    MalformedChecksums { path: PathBuf, line: usize },

    #[error("{file} is not listed in {checksums}: run scripts/build")]
    MissingChecksum { file: String, checksums: PathBuf },

    #[error("{file} was not loaded: load every artifact of the suite with artifacts::load")]
    MissingArtifact { file: String },

    #[error(
        "{file}: sha256 is {actual} but checksums.txt says {expected}; \
         refusing to propose code that is not the checked build"
    )]
    ChecksumMismatch {
        file: String,
        expected: String,
        actual: String,
    },

    #[error("{field}: {address:?} is not a bech32 address with prefix {prefix:?}: {reason}")]
    InvalidAddress {
        field: String,
        address: String,
        prefix: String,
        reason: String,
    },

    #[error("invalid bech32 prefix {prefix:?}")]
    InvalidPrefix { prefix: String },

    #[error("deposit {deposit:?}: expected coins such as 10000000stake (comma-separated)")]
    InvalidDeposit { deposit: String },

    #[error("{field} is too long: {len} bytes, at most {max}")]
    TooLong {
        field: &'static str,
        len: usize,
        max: usize,
    },

    #[error("{field} must not be empty")]
    Empty { field: &'static str },

    #[error("action {action}: {reason}")]
    InvalidAction { action: String, reason: String },

    #[error("migration {migration}: {reason}")]
    InvalidMigration { migration: String, reason: String },

    #[error("{field} {salt:?}: a salt must be 1 to 64 bytes")]
    InvalidSalt { field: &'static str, salt: String },

    #[error("the {first} and the {second} both use salt {salt:?}: each contract needs its own")]
    SameSalt {
        first: &'static str,
        second: &'static str,
        salt: String,
    },

    #[error("operator {value:?}: expected <valoper address>:<weight>")]
    InvalidOperatorSyntax { value: String },

    #[error("operator {validator} is listed twice")]
    DuplicateOperator { validator: String },

    #[error("operator {validator} has weight 0: an initial operator needs a positive weight")]
    ZeroWeight { validator: String },

    #[error("{count} operators: the hub takes between 1 and {max}")]
    OperatorCount { count: usize, max: usize },

    #[error("bond denom {denom:?} is not a valid denom")]
    InvalidDenom { denom: String },

    #[error("{contract} is not a contract of the provider suite: store takes hub, lrt, registry, relay or slash-book (the consumer's code: consumer-store)")]
    NotProviderContract { contract: String },

    #[error("code id must be positive ({field})")]
    ZeroCodeId { field: &'static str },

    #[error("parameters: {0}")]
    InvalidParams(String),

    #[error("registry max_total_allocation {value} must be above 0 and at most {max}")]
    MaxTotalAllocation {
        value: cosmwasm_std::Decimal,
        max: u64,
    },

    #[error("registry max_commission_bps {value} must be at most {max}")]
    MaxCommission { value: u16, max: u16 },

    #[error("{field} {value} s must be between 1 s and {max} s (one year)")]
    PacketTimeout {
        field: &'static str,
        value: u64,
        max: u64,
    },

    #[error("relay max_operators_per_update {value} must be between 1 and {max}")]
    MaxOperatorsPerUpdate { value: u32, max: u32 },

    #[error("{count} reporters: the consumer takes at most {max}")]
    ReporterCount { count: usize, max: usize },

    #[error("reporter {reporter} is listed twice")]
    DuplicateReporter { reporter: String },

    #[error("{field} {value:?} is not an IBC connection id (connection-<number>)")]
    InvalidConnectionId { field: &'static str, value: String },

    #[error("{file} does not start with the wasm magic number: not a wasm module")]
    NotWasm { file: String },

    #[error("{file} is {len} bytes; wasmd stores at most {max} (MaxWasmSize)")]
    WasmTooLarge {
        file: String,
        len: usize,
        max: usize,
    },

    #[error("cannot gzip {file}: {source}")]
    Compress {
        file: String,
        source: std::io::Error,
    },

    #[error("virtual-staking parameters: {source}")]
    InvalidVirtualStakingParams {
        source: palisade_api::virtual_staking::ParamsError,
    },

    #[error("LRT token info: {0}")]
    InvalidToken(String),

    #[error("instantiate2 address: {0}")]
    Instantiate2(String),

    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
}
