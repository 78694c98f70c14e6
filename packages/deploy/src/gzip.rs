//! Gzip for the code a store proposal embeds.
//!
//! wasmd accepts a gzip-compressed `wasm_byte_code` in `MsgStoreCode`: it recognises the gzip
//! magic number, unzips the code (at most `MaxWasmSize` bytes) and stores the uncompressed code,
//! whose sha256 is the code's checksum (`data_hash`) and the input of instantiate2 addresses. The
//! raw provider suite is about 1.5 MB, more than CometBFT's default transaction limit of 1 MiB;
//! gzipped it is about a third of that.
//!
//! The output is deterministic, so the same artifacts always give the same proposal file: no file
//! name, no comment, modification time 0, operating system 255 ("unknown"), a fixed level, and the
//! pure-Rust `miniz_oxide` backend pinned by `Cargo.lock`. Voters do not need to reproduce the
//! gzip bytes: they unzip the embedded code and compare its sha256 with `checksums.txt`.

use std::io::{self, Read, Write};

use flate2::read::GzDecoder;
use flate2::{Compression, GzBuilder};

/// gzip -9: the smallest output; compressing the whole suite takes well under a second.
pub const LEVEL: u32 = 9;

/// The 10-byte header every embedded blob starts with: magic `1f 8b`, deflate (8), no flags,
/// mtime 0, `XFL` 2 (maximum compression), OS 255.
pub const HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 0xff];

/// Compresses `code` deterministically.
pub fn compress(code: &[u8]) -> io::Result<Vec<u8>> {
    let mut encoder = GzBuilder::new()
        .mtime(0)
        .operating_system(0xff)
        .write(Vec::with_capacity(code.len() / 2), Compression::new(LEVEL));
    encoder.write_all(code)?;
    encoder.finish()
}

/// Decompresses one gzip member, reading at most `limit` uncompressed bytes (as wasmd does with
/// `MaxWasmSize`); more is an error.
pub fn decompress(bytes: &[u8], limit: usize) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    GzDecoder::new(bytes)
        .take(limit as u64 + 1)
        .read_to_end(&mut out)?;
    if out.len() > limit {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("more than {limit} bytes uncompressed"),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_is_deterministic_with_a_fixed_header_and_round_trips() {
        let code: Vec<u8> = (0..50_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        let first = compress(&code).unwrap();
        assert_eq!(first, compress(&code).unwrap());
        assert_eq!(&first[..10], &HEADER);
        assert!(first.len() < code.len() / 4);
        assert_eq!(decompress(&first, code.len()).unwrap(), code);
    }

    #[test]
    fn decompression_stops_at_the_limit() {
        let code = vec![0u8; 10_000];
        let zipped = compress(&code).unwrap();
        assert!(decompress(&zipped, 9_999).is_err());
        assert!(decompress(&zipped, 10_000).is_ok());
        assert!(decompress(b"\0asm not gzip", 100).is_err());
    }
}
