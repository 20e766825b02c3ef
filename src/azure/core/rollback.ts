/*
 * What a multi-step run created, in order, so a failure or cancel removes exactly that (dependants first: the
 * reverse of creation) and says what could not be removed. Pure: the caller gives the deleter.
 */

export interface CreatedResource {
  /** What it is, for the deleter ("resourceGroup", "disk", "gallery", ...). */
  readonly kind: string;
  readonly id: string;
  readonly name: string;
  /** Azure's type, for the person: "Microsoft.Compute/disks". */
  readonly type: string;
}

export class Rollback {
  private readonly items: CreatedResource[] = [];

  /** Records a resource before its create request goes out, so a create cut off in flight is still removed. */
  add(resource: CreatedResource): void {
    this.items.push(resource);
  }

  /** A resource the run removed itself (a temporary disk once used). */
  forget(id: string): void {
    const index = this.items.findIndex((item) => item.id.toLowerCase() === id.toLowerCase());
    if (index >= 0) this.items.splice(index, 1);
  }

  get created(): readonly CreatedResource[] {
    return this.items;
  }

  /**
   * Removes everything recorded, newest first; one that fails does not stop the rest, and a resource inside a
   * group that is removed later is left to the group. Returns what is left.
   */
  async run(remove: (resource: CreatedResource) => Promise<void>): Promise<CreatedResource[]> {
    const left: CreatedResource[] = [];
    for (const item of [...this.items].reverse()) {
      try {
        await remove(item);
      } catch {
        left.push(item);
      }
    }
    this.items.length = 0;
    return left.reverse();
  }
}
