/**
 * Messages to the other tabs of this origin (the desk, the wall, a second planner window): a tab
 * that committed a write says so, and the others read the database again. Where the browser has
 * no BroadcastChannel the channel says nothing: the stores' own checks (a plan's rev) still hold.
 */
export interface TabChannel<M> {
  /** Tells the other tabs; a channel already closed drops the message. */
  post(message: M): void
  close(): void
}

export function openTabChannel<M>(name: string, onMessage: (message: M) => void): TabChannel<M> {
  if (typeof BroadcastChannel === 'undefined') return { post() {}, close() {} }
  const channel = new BroadcastChannel(name)
  channel.onmessage = (ev: MessageEvent<M>) => onMessage(ev.data)
  return {
    post(message) {
      try {
        channel.postMessage(message)
      } catch {
        // closed: the others catch up on their next read
      }
    },
    close() {
      channel.close()
    },
  }
}
