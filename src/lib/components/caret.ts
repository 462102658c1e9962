/**
 * Which character of `root`'s text is under the point (x, y): the index into `root.textContent`, or 0
 * when the browser can't tell (no caret-from-point support, or the point is outside `root`).
 */
export function textIndexAt(root: HTMLElement, x: number, y: number): number {
  const doc = root.ownerDocument as Document & {
    caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
  };
  let node: Node | null = null;
  let offset = 0;
  const position = doc.caretPositionFromPoint?.(x, y);
  if (position) {
    node = position.offsetNode;
    offset = position.offset;
  } else {
    const range = doc.caretRangeFromPoint?.(x, y);
    if (range) {
      node = range.startContainer;
      offset = range.startOffset;
    }
  }
  if (!node || !root.contains(node)) return 0;
  const before = doc.createRange();
  before.setStart(root, 0);
  before.setEnd(node, offset);
  return before.toString().length;
}
