/** Held-out messages for the shop FAQ assistant: read by the assistant eval and, through test/fixtures/faq, by tests. */
/** Messages not in the FAQ's variants, with the label a good assistant gives them. */
export const HELD_OUT: ReadonlyArray<{ text: string; label: string }> = [
  { text: 'where is my package', label: 'track_order' },
  { text: '我的快递到哪里了', label: 'track_order' },
  { text: 'how do i send back a jacket', label: 'return_policy' },
  { text: '我想退货', label: 'return_policy' },
  { text: 'do you accept paypal', label: 'payment_methods' },
  { text: '能用支付宝付款吗', label: 'payment_methods' },
  { text: 'i forgot my pasword', label: 'reset_password' },
  { text: '密码忘了怎么办', label: 'reset_password' },
  { text: 'how long is delivery', label: 'shipping_time' },
  { text: '运费是多少钱', label: 'shipping_cost' },
];
