import { describe, expect, it } from "vitest";
import { checkConfig, ConfigError, keplrChainInfo, tokenOf } from "../src/config";
import example from "../chain.example.json";

describe("chain.json", () => {
  it("accepts the committed example and turns it into Keplr's chain info", () => {
    const config = checkConfig(example);
    const info = keplrChainInfo(config);
    expect(info.chainId).toBe(config.chainId);
    expect(info.bech32Config.bech32PrefixValAddr).toBe(`${config.bech32Prefix}valoper`);
    expect(info.feeCurrencies[0].coinMinimalDenom).toBe(config.bondToken.denom);
    expect(tokenOf(config, config.bondToken.denom)).toBe(config.bondToken);
    expect(tokenOf(config, "uother")).toEqual({ denom: "uother", symbol: "uother", decimals: 0 });
  });

  it("names the field that is missing or wrong", () => {
    expect(() => checkConfig({ ...example, rpc: "" })).toThrow('"rpc"');
    expect(() => checkConfig({ ...example, contracts: { ...example.contracts, hub: undefined } })).toThrow('"contracts.hub"');
    expect(() => checkConfig({ ...example, bondToken: { ...example.bondToken, decimals: 19 } })).toThrow('"bondToken"');
    expect(() => checkConfig({ ...example, gasAdjustment: 0.9 })).toThrow(ConfigError);
    expect(() => checkConfig(null)).toThrow(ConfigError);
  });
});
