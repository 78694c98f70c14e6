// The app's one configuration file: which chain, which nodes, which contracts, which tokens. The
// app loads it at start from `chain.json` next to `index.html` (or the address in `?config=`);
// `scripts/app config` writes the localnet's, and `chain.example.json` shows every field.

export interface TokenConfig {
  /** The denom on the chain ("stake", "ibc/…"). */
  denom: string;
  /** What the app shows ("STAKE"). */
  symbol: string;
  decimals: number;
}

export interface ChainConfig {
  chainId: string;
  chainName: string;
  rpc: string;
  rest: string;
  bech32Prefix: string;
  /** BIP-44 coin type of the chain's accounts (118 for most Cosmos chains). */
  coinType: number;
  bondToken: TokenConfig;
  /** Gas price in the bond token, e.g. 0.025: the fee is the simulated gas times this. */
  gasPrice: number;
  /** Multiplies the simulated gas; 1.3 leaves room for state that changes before inclusion. */
  gasAdjustment: number;
  contracts: { hub: string; lrt: string; registry: string; slashBook: string };
  /** Tokens the LRT pays as rewards (consumer chains' tokens over IBC), for display. */
  rewardTokens: TokenConfig[];
  /** A block explorer's transaction page with `{hash}` in it, if there is one. */
  explorerTx?: string;
}

export class ConfigError extends Error {}

const isText = (v: unknown): v is string => typeof v === "string" && v.length > 0;
const isToken = (v: unknown): v is TokenConfig => {
  const t = v as TokenConfig;
  return !!t && isText(t.denom) && isText(t.symbol) && Number.isInteger(t.decimals) && t.decimals >= 0 && t.decimals <= 18;
};

/** Checks a parsed `chain.json`; names the first field that is missing or wrong. */
export function checkConfig(raw: unknown): ChainConfig {
  const c = raw as ChainConfig;
  const fail = (field: string) => {
    throw new ConfigError(`chain.json: "${field}" is missing or invalid`);
  };
  if (!c || typeof c !== "object") fail("(the file)");
  for (const field of ["chainId", "chainName", "rpc", "rest", "bech32Prefix"] as const) {
    if (!isText(c[field])) fail(field);
  }
  if (!Number.isInteger(c.coinType)) fail("coinType");
  if (!isToken(c.bondToken)) fail("bondToken");
  if (!(typeof c.gasPrice === "number" && c.gasPrice >= 0)) fail("gasPrice");
  if (!(typeof c.gasAdjustment === "number" && c.gasAdjustment >= 1)) fail("gasAdjustment");
  if (!c.contracts) fail("contracts");
  for (const name of ["hub", "lrt", "registry", "slashBook"] as const) {
    if (!isText(c.contracts[name])) fail(`contracts.${name}`);
  }
  if (!Array.isArray(c.rewardTokens) || !c.rewardTokens.every(isToken)) fail("rewardTokens");
  return c;
}

export async function loadConfig(location: Location = window.location): Promise<ChainConfig> {
  const url = new URLSearchParams(location.search).get("config") ?? "chain.json";
  let response: Response;
  try {
    response = await fetch(url, { cache: "no-store" });
  } catch (error) {
    throw new ConfigError(`cannot load the chain configuration from ${url}: ${String(error)}`);
  }
  if (!response.ok) throw new ConfigError(`cannot load the chain configuration from ${url}: HTTP ${response.status}`);
  return checkConfig(await response.json());
}

/** The token a denom is, for display; an unknown denom shows as itself with no decimals. */
export function tokenOf(config: ChainConfig, denom: string): TokenConfig {
  if (denom === config.bondToken.denom) return config.bondToken;
  return config.rewardTokens.find((t) => t.denom === denom) ?? { denom, symbol: denom, decimals: 0 };
}

/** The chain as Keplr's `experimentalSuggestChain` takes it. */
export function keplrChainInfo(c: ChainConfig) {
  const p = c.bech32Prefix;
  const bond = { coinDenom: c.bondToken.symbol, coinMinimalDenom: c.bondToken.denom, coinDecimals: c.bondToken.decimals };
  return {
    chainId: c.chainId,
    chainName: c.chainName,
    rpc: c.rpc,
    rest: c.rest,
    bip44: { coinType: c.coinType },
    bech32Config: {
      bech32PrefixAccAddr: p,
      bech32PrefixAccPub: `${p}pub`,
      bech32PrefixValAddr: `${p}valoper`,
      bech32PrefixValPub: `${p}valoperpub`,
      bech32PrefixConsAddr: `${p}valcons`,
      bech32PrefixConsPub: `${p}valconspub`,
    },
    currencies: [
      bond,
      ...c.rewardTokens.map((t) => ({ coinDenom: t.symbol, coinMinimalDenom: t.denom, coinDecimals: t.decimals })),
    ],
    feeCurrencies: [
      { ...bond, gasPriceStep: { low: c.gasPrice, average: c.gasPrice, high: c.gasPrice * 2 } },
    ],
    stakeCurrency: bond,
    features: ["cosmwasm"],
  };
}
