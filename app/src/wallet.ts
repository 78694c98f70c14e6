// Keplr through its browser API (`window.keplr`), the same for every wallet that exposes that API
// (Leap, Cosmostation's Keplr mode, the test wallet of the browser tests). Nothing is signed here:
// this only finds the wallet, adds the chain to it if needed and returns its signer.

import type { OfflineSigner } from "@cosmjs/proto-signing";
import { type ChainConfig, keplrChainInfo } from "./config";

/** The part of Keplr's API the app uses. */
export interface KeplrApi {
  experimentalSuggestChain(chainInfo: unknown): Promise<void>;
  enable(chainId: string): Promise<void>;
  getKey(chainId: string): Promise<{ name: string; bech32Address: string }>;
  getOfflineSigner(chainId: string): OfflineSigner;
}

export class WalletError extends Error {}

export interface Wallet {
  address: string;
  name: string;
  signer: OfflineSigner;
}

export function findKeplr(win: { keplr?: KeplrApi } = window as never): KeplrApi {
  if (!win.keplr) {
    throw new WalletError("No Keplr wallet found: install the Keplr extension (or a wallet with its API) and reload.");
  }
  return win.keplr;
}

/**
 * Suggests the chain (a wallet that has it already answers at once), asks to connect, and checks
 * that the account is one of this chain's (its address has the chain's prefix and the signer
 * signs for it).
 */
export async function connectWallet(config: ChainConfig, keplr: KeplrApi): Promise<Wallet> {
  await keplr.experimentalSuggestChain(keplrChainInfo(config));
  await keplr.enable(config.chainId);
  const key = await keplr.getKey(config.chainId);
  if (!key.bech32Address.startsWith(`${config.bech32Prefix}1`)) {
    throw new WalletError(
      `Your wallet answered with ${key.bech32Address}, an address of another chain: switch it to ${config.chainName} (${config.chainId}).`,
    );
  }
  const signer = keplr.getOfflineSigner(config.chainId);
  const accounts = await signer.getAccounts();
  if (!accounts.some((a) => a.address === key.bech32Address)) {
    throw new WalletError(`Your wallet's signer does not sign for ${key.bech32Address}: reconnect it.`);
  }
  return { address: key.bech32Address, name: key.name, signer };
}
