// Addresses known before the vote: the governance module's and every contract's (instantiate2).
import { instantiate2Address } from "@cosmjs/cosmwasm-stargate";
import { sha256 } from "@cosmjs/crypto";
import { fromBech32, fromHex, toBech32, toUtf8 } from "@cosmjs/encoding";
import { KitError } from "./errors.js";

/** A module account's address: sha256(name)[:20] (`authtypes.NewModuleAddress`), the same on every chain. */
export function moduleAddress(prefix: string, module: string): string {
  return toBech32(prefix, sha256(toUtf8(module)).slice(0, 20));
}

export const govModuleAddress = (prefix: string): string => moduleAddress(prefix, "gov");

/** The salt of one contract: `<salt>/<contract name>` (wasmd accepts 1 to 64 bytes). */
export function contractSalt(salt: string, name: string): Uint8Array {
  const bytes = toUtf8(`${salt}/${name}`);
  if (bytes.length > 64) {
    throw new KitError(`salt "${salt}/${name}" is ${bytes.length} bytes; wasmd takes at most 64`, 'shorten "salt" in the parameter file');
  }
  return bytes;
}

/** wasmd's `BuildContractAddressPredictable` with an empty init message (`fix_msg: false`). */
export function predictAddress(checksumHex: string, creator: string, salt: Uint8Array, prefix: string): string {
  return instantiate2Address(fromHex(checksumHex), creator, salt, prefix);
}

/** Refuses a malformed address or one of another chain (prefix). */
export function checkAddress(address: string, prefix: string, where: string): void {
  let decoded;
  try {
    decoded = fromBech32(address);
  } catch {
    throw new KitError(`${where}: "${address}" is not a bech32 address`, `give a ${prefix}1... address`);
  }
  if (decoded.prefix !== prefix) {
    throw new KitError(`${where}: "${address}" has prefix ${decoded.prefix}, the chain uses ${prefix}`, `give a ${prefix}1... address`);
  }
}
