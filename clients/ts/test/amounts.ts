// Type-level checks, run by `tsc` in scripts/check-ts-client: amounts stay decimal strings
// (`Uint128` is a JSON string on the wire and can exceed 2^53), never JS numbers.
import {
  getCosmWasmClient,
  PalisadeHubQueryClient,
  PalisadeHubTypes,
  PalisadeLrtTypes,
} from "../src";

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | void {}

assertType<Equal<PalisadeHubTypes.Uint128, string>>();
assertType<Equal<PalisadeLrtTypes.Uint128, string>>();
assertType<Equal<PalisadeHubTypes.StateResponse["total_value"], string>>();
assertType<Equal<PalisadeHubTypes.PositionResponse["claimable_now"], string>>();
assertType<Equal<PalisadeLrtTypes.BalanceResponse["balance"], string>>();

// @ts-expect-error: a number is not an amount.
export const notAnAmount: PalisadeHubTypes.Uint128 = 1_000_000;

// What a frontend sends: a deposit's slippage bound and an unbond, amounts as strings.
export const deposit: PalisadeHubTypes.ExecuteMsg = { deposit: { min_lrt_out: "990000" } };
export const send: PalisadeLrtTypes.ExecuteMsg = {
  send: { contract: "hub", amount: "1000000", msg: "eyJ1bmJvbmQiOnt9fQ==" },
};

// The example in docs/guides/STAKERS.md.
export async function positionExample(rpcEndpoint: string, hubAddress: string, staker: string) {
  const hub = new PalisadeHubQueryClient(getCosmWasmClient(rpcEndpoint), hubAddress);
  const position = await hub.position({ address: staker });
  const shown: [string, string] = [position.lrt_value, position.claimable_now];
  return shown;
}
