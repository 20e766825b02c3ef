/** See runtimeDir.mjs: where the private engines keep their sockets, and how what they leave mounted is cleaned up. */
export const socketPathLimit: number;
export const dockerSocketSuffixes: readonly string[];
export const podmanSocketSuffixes: readonly string[];
export function socketPathsFit(dir: string, suffixes: readonly string[]): boolean;
export function runtimeBase(options?: { exists?: (path: string) => boolean; systemTemp?: string }): string;
export function makeRuntimeDir(prefix: string, suffixes: readonly string[], base?: string): string;
export function isOwnRuntimeDir(dir: string): boolean;
export function recordRuntimeDir(stateFile: string, runtimeDir: string): void;
export function recordedRuntimeDir(stateFile: string): string | undefined;
export function mountsUnder(mountinfo: string, paths: readonly string[]): string[];
export function unmountUnder(paths: readonly string[]): string[];
export function unmountAndRemove(paths: readonly string[], what: string): void;
