/**
 * A small bilingual (English / Chinese) shop FAQ written for storefront-ml: orders, shipping, returns, payment and
 * account. The demo's default content and the test fixture (test/fixtures/faq re-exports it). Apache-2.0, ours.
 */
import type { AssistantContent } from './content.ts';

export const SHOP_FAQ: AssistantContent = {
  intents: [
    {
      id: 'track_order',
      examples: [
        'where is my order', 'track my order', 'has my package shipped yet', 'order status please',
        'my parcel has not arrived', 'when will my order 10023 arrive', 'can you check order #A-10023',
        '我的订单到哪了', '查一下物流', '我的包裹还没到', '订单状态', '帮我查订单 10023', '快递什么时候到',
      ],
      answer: {
        en: 'You can follow your parcel under Account → Orders. Send me the order number and I will look it up.',
        zh: '您可以在「我的账户 → 订单」中查看物流。请告诉我订单号，我帮您查询。',
      },
    },
    {
      id: 'cancel_order',
      examples: [
        'cancel my order', 'i want to cancel order 10023', 'please cancel my purchase', 'stop my order before it ships',
        'i ordered by mistake, cancel it', '取消订单', '我想取消订单 10023', '下错单了，帮我取消', '订单还没发货能取消吗', '不想要了，取消购买',
      ],
      answer: {
        en: 'Orders can be cancelled until they ship: Account → Orders → Cancel. Tell me the order number if you need help.',
        zh: '订单发货前都可以取消：我的账户 → 订单 → 取消订单。如需帮助，请告诉我订单号。',
      },
    },
    {
      id: 'refund_status',
      examples: [
        'where is my refund', 'i have not received my refund', 'when do i get my money back', 'refund status',
        'you owe me $49.90', 'has my refund been processed', '退款到哪了', '我的退款还没到账', '什么时候退钱', '退款进度', '退了99元还没收到',
      ],
      answer: {
        en: 'Refunds reach your original payment method 5–10 business days after we receive the return.',
        zh: '收到退货后 5–10 个工作日内，退款会退回原支付方式。',
      },
    },
    {
      id: 'contact_human',
      examples: [
        'talk to a human', 'i want to speak to an agent', 'real person please', 'connect me to customer service',
        'can i call you', '转人工', '我要人工客服', '找真人', '联系客服', '客服电话多少',
      ],
      answer: { en: 'Connecting you with a colleague now.', zh: '正在为您转接人工客服。' },
    },
    {
      id: 'greeting',
      examples: ['hi', 'hello', 'hey there', 'good morning', '你好', '您好', '在吗', '早上好'],
      answer: { en: 'Hello! How can I help you with your order today?', zh: '您好！请问有什么可以帮您？' },
    },
    {
      id: 'thanks',
      examples: ['thank you', 'thanks a lot', 'great, thanks', 'that helps', '谢谢', '多谢', '好的谢谢', '太感谢了'],
      answer: { en: 'You are welcome! Anything else?', zh: '不客气！还有什么可以帮您？' },
    },
  ],
  faq: [
    {
      id: 'shipping_time',
      questions: [
        'how long does shipping take', 'when will it be delivered', 'delivery time', 'how many days for delivery',
        'how fast do you ship', '多久能到', '发货要几天', '配送需要多长时间', '几天送到', '什么时候发货',
      ],
      answer: {
        en: 'We ship within 24 hours; standard delivery takes 3–5 business days, express 1–2.',
        zh: '我们 24 小时内发货；标准配送 3–5 个工作日，快递 1–2 个工作日。',
      },
    },
    {
      id: 'shipping_cost',
      questions: [
        'how much is shipping', 'is shipping free', 'delivery fee', 'do you charge for postage', 'free shipping threshold',
        '运费多少', '包邮吗', '满多少包邮', '配送费怎么算', '邮费',
      ],
      answer: {
        en: 'Standard shipping is free on orders over $50; otherwise it costs $4.90. Express is $9.90.',
        zh: '订单满 50 美元包邮，否则运费 4.90 美元；快递 9.90 美元。',
      },
    },
    {
      id: 'international_shipping',
      questions: [
        'do you ship internationally', 'can you deliver to china', 'shipping abroad', 'do you ship to canada',
        'international delivery', '能寄到国外吗', '支持国际配送吗', '可以发到美国吗', '海外能买吗', '国际运费',
      ],
      answer: {
        en: 'We ship to 40 countries; duties are shown at checkout.',
        zh: '我们可配送至 40 个国家和地区，关税会在结算时显示。',
      },
    },
    {
      id: 'return_policy',
      questions: [
        'how do i return an item', 'what is your return policy', 'can i send it back', 'return window',
        'i want to return my shoes', 'how many days do i have to return', '怎么退货', '退货政策是什么', '可以退货吗',
        '七天无理由退货吗', '鞋子不合适想退', '退货期限',
      ],
      answer: {
        en: 'You can return unused items within 30 days: Account → Orders → Return. Return shipping is free.',
        zh: '未使用的商品 30 天内可退货：我的账户 → 订单 → 申请退货。退货运费由我们承担。',
      },
    },
    {
      id: 'exchange',
      questions: [
        'can i exchange for a different size', 'swap for another color', 'exchange an item', 'wrong size, can i exchange',
        '可以换货吗', '换个尺码', '换颜色', '尺码不对能换吗',
      ],
      answer: {
        en: 'Exchanges for another size or colour are free within 30 days: start a return and choose "Exchange".',
        zh: '30 天内可免费换尺码或颜色：申请退货时选择「换货」即可。',
      },
    },
    {
      id: 'payment_methods',
      questions: [
        'what payment methods do you accept', 'can i pay with paypal', 'do you take credit cards', 'can i pay with alipay',
        'is apple pay accepted', '支持哪些支付方式', '可以用支付宝吗', '能用微信支付吗', '可以刷信用卡吗', '怎么付款',
      ],
      answer: {
        en: 'We accept Visa, Mastercard, PayPal, Apple Pay, Alipay and WeChat Pay.',
        zh: '我们支持 Visa、万事达、PayPal、Apple Pay、支付宝和微信支付。',
      },
    },
    {
      id: 'payment_failed',
      questions: [
        'my payment failed', 'card declined', 'payment did not go through', 'why was i charged twice',
        'error at checkout when paying', '支付失败', '付款不成功', '银行卡被拒', '扣了两次款', '付不了钱',
      ],
      answer: {
        en: 'Please check the card details and limit, or try another method. A double charge is released by your bank within 3 days.',
        zh: '请检查卡信息和额度，或换一种支付方式。重复扣款会在 3 天内由银行退回。',
      },
    },
    {
      id: 'reset_password',
      questions: [
        'i forgot my password', 'reset password', 'cannot log in', 'how do i change my password', 'locked out of my account',
        '忘记密码', '重置密码', '登录不了', '怎么修改密码', '账号被锁了',
      ],
      answer: {
        en: 'Use "Forgot password" on the sign-in page; we e-mail you a reset link valid for 1 hour.',
        zh: '在登录页点击「忘记密码」，我们会发送有效期 1 小时的重置链接到您的邮箱。',
      },
    },
    {
      id: 'update_account',
      questions: [
        'change my email address', 'update my shipping address', 'edit my profile', 'change my phone number',
        'update account details', '修改邮箱', '更改收货地址', '换手机号', '修改个人信息', '怎么改地址',
      ],
      answer: {
        en: 'Edit your e-mail, phone and addresses under Account → Settings. Orders already shipped keep their address.',
        zh: '在「我的账户 → 设置」中修改邮箱、手机号和地址。已发货的订单地址无法更改。',
      },
    },
    {
      id: 'delete_account',
      questions: [
        'delete my account', 'close my account', 'remove my data', 'i want to deactivate my account',
        '注销账号', '删除账户', '删除我的数据', '怎么注销',
      ],
      answer: {
        en: 'Account → Privacy → Delete account removes your account and data within 30 days.',
        zh: '「我的账户 → 隐私 → 注销账户」，我们会在 30 天内删除您的账户和数据。',
      },
    },
  ],
  outOfScope: [
    'what is the weather tomorrow', 'tell me a joke', 'who won the football game', 'what is the capital of france',
    'write me a poem', 'how do i cook rice', 'play some music', 'what is the meaning of life', 'recommend a movie',
    'how old are you', 'solve this math problem', 'book a flight to paris',
    '明天天气怎么样', '讲个笑话', '今天股市怎么样', '法国的首都是哪里', '帮我写首诗', '米饭怎么煮', '推荐一部电影', '帮我订机票',
  ],
  handoffAnswer: {
    en: "I'm not sure I can help with that. Let me connect you with a colleague.",
    zh: '这个问题我可能帮不上忙，我为您转接人工客服。',
  },
};
