export const TEMPLATE_DB = "lessonpay_test_template";
