/**
 * Generic form error messages (keys `form.*`), used by every zod schema. Plain words first for elderly
 * users (zh-CN), English second. i18next interpolation: `{{name}}`.
 */
export const formMessages = {
  'zh-CN': {
    form: {
      required: '请填写这一项',
      invalid: '填写的内容不对，请检查一下',
      invalidChoice: '请从选项里选一个',
      invalidDate: '日期不对，请重新选择',
      notANumber: '请填写数字',
      notAWholeNumber: '请填写整数',
      negative: '不能小于 0',
      tooLarge: '数字太大了，请检查一下',
      tooLong: '字数太多了，请删减一些',
      tooMany: '选得太多了，请减少一些',
      tooManyDecimals: '金额最多写到分（小数点后两位）',
      outOfRange: '超出了允许的范围',
    },
  },
  en: {
    form: {
      required: 'Please fill this in',
      invalid: 'This does not look right, please check it',
      invalidChoice: 'Please pick one of the options',
      invalidDate: 'This date is not valid, please choose again',
      notANumber: 'Please enter a number',
      notAWholeNumber: 'Please enter a whole number',
      negative: 'This cannot be less than 0',
      tooLarge: 'This number is too large, please check it',
      tooLong: 'This is too long, please shorten it',
      tooMany: 'Too many items, please remove some',
      tooManyDecimals: 'Amounts go down to the fen (two decimal places) at most',
      outOfRange: 'This is outside the allowed range',
    },
  },
} as const;
