/*
 * Reads a build's output to learn what the build made, so a cancelled or failed build can be cleaned up: the
 * intermediate containers it started (`Running in <id>`) and the layer images it committed (`---> <id>` after a
 * step that did not come from the cache). Images the cache supplied belong to earlier builds and are left alone.
 * Understands the classic Docker builder's output and Podman's: Buildah (Podman 4.3) prints `STEP 2/5:`, a cached
 * step as `--> Using cache <full id>`, and a commit as `--> <first 11 hex digits>`, where Docker prints 12.
 */
export class BuildLeftovers {
  private readonly containerIds: string[] = [];
  private readonly imageIds: string[] = [];
  private stepFromCache = false;
  private stepIsFrom = false;

  /** Feeds one line of build output. */
  observe(line: string): void {
    const step = /^\s*(?:Step|STEP)\s+\d+\/\d+\s*:\s*(\S+)/.exec(line);
    if (step) {
      this.stepFromCache = false;
      this.stepIsFrom = step[1].toUpperCase() === 'FROM';
      return;
    }
    if (/^\s*-+>\s*Using cache\b/i.test(line)) {
      this.stepFromCache = true;
      return;
    }
    const running = /Running in ([0-9a-f]{12,64})\b/.exec(line);
    if (running) {
      this.containerIds.push(running[1]);
      return;
    }
    const removed = /Removing intermediate container ([0-9a-f]{12,64})\b/.exec(line);
    if (removed) {
      const index = this.containerIds.indexOf(removed[1]);
      if (index >= 0) this.containerIds.splice(index, 1);
      return;
    }
    const committed = /^\s*-+>\s*([0-9a-f]{11,64})\s*$/.exec(line);
    if (committed && !this.stepFromCache && !this.stepIsFrom) {
      this.imageIds.push(committed[1]);
    }
  }

  /** Containers still there at the last line seen: the one a cancel interrupted. */
  get containers(): readonly string[] {
    return [...this.containerIds];
  }

  /** Layer images this build committed, newest first (the order they can be removed in). */
  get images(): readonly string[] {
    return [...this.imageIds].reverse();
  }
}
