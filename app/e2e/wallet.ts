// A test wallet with Keplr's browser API, for the browser tests: the page gets a `window.keplr`
// whose calls cross to this Node process, where a CosmJS wallet from the localnet's mnemonic
// signs. Modes make it behave as a locked wallet, a user who rejects, or a wallet on another chain.

import type { BrowserContext } from "@playwright/test";
import { stringToPath } from "@cosmjs/crypto";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";

export interface WalletModes {
  /** `enable` fails as Keplr does when the user closes its unlock window. */
  locked?: boolean;
  /** The user rejects the connection. */
  rejectConnect?: boolean;
  /** The user rejects every signature. */
  rejectSign?: boolean;
  /** The wallet answers with an account of another chain (another address prefix). */
  otherChain?: boolean;
}

export class TestWallet {
  modes: WalletModes = {};
  /** Signatures the wallet made: a refused input must not reach the wallet at all. */
  signatures = 0;

  private constructor(
    private readonly wallet: DirectSecp256k1HdWallet,
    private readonly other: DirectSecp256k1HdWallet,
    readonly address: string,
    readonly chainId: string,
  ) {}

  /** A wallet of a new random mnemonic: each run stakes from an account of its own. */
  static async fresh(prefix: string, chainId: string) {
    const { mnemonic } = await DirectSecp256k1HdWallet.generate(24);
    return TestWallet.fromMnemonic(mnemonic, 0, prefix, chainId);
  }

  /** The account `wasmd keys add --account <index>` derives: m/44'/118'/<index>'/0/0. */
  static async fromMnemonic(mnemonic: string, index: number, prefix: string, chainId: string) {
    const options = { hdPaths: [stringToPath(`m/44'/118'/${index}'/0/0`)] };
    const wallet = await DirectSecp256k1HdWallet.fromMnemonic(mnemonic, { ...options, prefix });
    const other = await DirectSecp256k1HdWallet.fromMnemonic(mnemonic, { ...options, prefix: "cosmos" });
    const [account] = await wallet.getAccounts();
    return new TestWallet(wallet, other, account.address, chainId);
  }

  /** Gives the context's pages `window.keplr`. */
  async install(context: BrowserContext) {
    await context.exposeFunction("__palisadeTestWallet", (op: string, json: string) => this.handle(op, JSON.parse(json)));
    await context.addInitScript(injectKeplr);
  }

  private async handle(op: string, args: unknown[]): Promise<string> {
    const wallet = this.modes.otherChain ? this.other : this.wallet;
    const [account] = await wallet.getAccounts();
    switch (op) {
      case "suggest":
        return "null";
      case "enable": {
        if (this.modes.locked) throw new Error("Keplr is locked: the unlock window was closed");
        if (this.modes.rejectConnect) throw new Error("Request rejected");
        if (args[0] !== this.chainId) throw new Error(`There is no chain info for ${String(args[0])}`);
        return "null";
      }
      case "getKey":
        return JSON.stringify({ name: "test staker", algo: "secp256k1", bech32Address: account.address, pubKey: [...account.pubkey] });
      case "getAccounts":
        return JSON.stringify([{ address: account.address, algo: account.algo, pubkey: [...account.pubkey] }]);
      case "signDirect": {
        if (this.modes.rejectSign) throw new Error("Request rejected");
        const [signer, doc] = args as [string, { bodyBytes: number[]; authInfoBytes: number[]; chainId: string; accountNumber: string }];
        const response = await wallet.signDirect(signer, {
          bodyBytes: Uint8Array.from(doc.bodyBytes),
          authInfoBytes: Uint8Array.from(doc.authInfoBytes),
          chainId: doc.chainId,
          accountNumber: BigInt(doc.accountNumber),
        });
        this.signatures += 1;
        return JSON.stringify({
          signed: {
            bodyBytes: [...response.signed.bodyBytes],
            authInfoBytes: [...response.signed.authInfoBytes],
            chainId: response.signed.chainId,
            accountNumber: response.signed.accountNumber.toString(),
          },
          signature: response.signature,
        });
      }
      default:
        throw new Error(`the test wallet has no ${op}`);
    }
  }
}

/** Runs in the page before its scripts: Keplr's API over the exposed function. */
function injectKeplr() {
  type Bridge = (op: string, json: string) => Promise<string>;
  const bridge = (window as unknown as { __palisadeTestWallet: Bridge }).__palisadeTestWallet;
  const call = async (op: string, ...args: unknown[]) => JSON.parse(await bridge(op, JSON.stringify(args)));
  const bytes = (list: number[]) => Uint8Array.from(list);
  (window as unknown as { keplr: unknown }).keplr = {
    experimentalSuggestChain: (info: unknown) => call("suggest", info),
    enable: (chainId: string) => call("enable", chainId),
    getKey: async (chainId: string) => {
      const key = await call("getKey", chainId);
      return { ...key, pubKey: bytes(key.pubKey) };
    },
    getOfflineSigner: (chainId: string) => ({
      getAccounts: async () =>
        (await call("getAccounts", chainId)).map((a: { pubkey: number[] }) => ({ ...a, pubkey: bytes(a.pubkey) })),
      signDirect: async (
        signer: string,
        doc: { bodyBytes: Uint8Array; authInfoBytes: Uint8Array; chainId: string; accountNumber: bigint },
      ) => {
        const result = await call("signDirect", signer, {
          bodyBytes: [...doc.bodyBytes],
          authInfoBytes: [...doc.authInfoBytes],
          chainId: doc.chainId,
          accountNumber: doc.accountNumber.toString(),
        });
        return {
          signed: {
            bodyBytes: bytes(result.signed.bodyBytes),
            authInfoBytes: bytes(result.signed.authInfoBytes),
            chainId: result.signed.chainId,
            accountNumber: BigInt(result.signed.accountNumber),
          },
          signature: result.signature,
        };
      },
    }),
  };
}
