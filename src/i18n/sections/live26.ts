/** Messages of the live units feed (stores/unit-feed.ts), under `unitFeed.` */
export default {
  'zh-CN': {
    open: '实时定位：已连接，已接收 {n} 个定位点',
    connecting: '实时定位：连接中…',
    broken: '实时定位：连接中断，正在重连',
    rejected: '丢弃 {n} 个（格式错误、重复或不可能的跳变）',
    offline: '离线（{min} 分钟无定位）：{ids}',
  },
  en: {
    open: 'Live positions: connected, {n} fixes received',
    connecting: 'Live positions: connecting…',
    broken: 'Live positions: connection lost, reconnecting',
    rejected: '{n} left out (unreadable, repeated or impossible jumps)',
    offline: 'Offline (no fix for {min} min): {ids}',
  },
}
