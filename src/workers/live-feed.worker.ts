// The live feed read off the UI thread (see src/io/live-connection.ts).
import { runLiveFeed, type LiveFeedStart } from '../io/live-connection'

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<LiveFeedStart | { type: 'stop' }>) => void) | null
  postMessage(message: unknown, transfer: Transferable[]): void
}
let stop: (() => void) | null = null
scope.onmessage = (e) => {
  stop?.()
  stop = null
  if (e.data.type === 'start') stop = runLiveFeed(e.data, (r, transfer) => scope.postMessage(r, transfer))
}
