import { describe, expect, it } from "vitest";
import i18n from "@/lib/i18n";
import { actionSummary, choiceLabels, fieldLabel, localizeRuleError, valueLabel } from "@/features/rules/components/catalog-labels";

const t = i18n.getFixedT("ru");

describe("the rule catalog in the owner's words", () => {
  it("names fields, enum values and actions in Russian, the catalog's English only as the fallback", () => {
    expect(fieldLabel(t, "appointment.title", "Title")).toBe("Заявка: название");
    expect(fieldLabel(t, "appointment.some_new_field", "Some new field")).toBe("Some new field");
    expect(choiceLabels(t, "appointment.status", [{ value: "NEW", label: "NEW" }])).toEqual([{ value: "NEW", label: "Новая" }]);
    expect(choiceLabels(t, "event.type", [{ value: "appointment.created", label: "appointment.created" }])?.[0].label).toBe("Создана заявка");
    expect(valueLabel(t, "client.risk_level", "high")).toBe("Высокий");
    expect(valueLabel(t, "appointment.status", ["NEW", "PAID"])).toBe("Новая, Оплачена");
    expect(valueLabel(t, "appointment.price", null)).toBe("—");
    expect(actionSummary(t, { type: "tag", params: { tag: "срочно" } })).toBe("Поставить метку на заявку: срочно");
    expect(actionSummary(t, { type: "notify", params: { to: ["admins", "master"], message: "Проверьте" } })).toBe("Уведомить: Администраторам, Мастеру · Проверьте");
  });

  it("says what to do about a validation error by its code, keeping the server's words for an unknown one", () => {
    const say = (path: string, code: string, detail = "English detail.") => localizeRuleError(t, { path, code, detail }).detail;
    expect(say("actions.0.params.tag", "invalid_value")).toBe("Метка — до 40 букв, цифр, «-» или «_», без пробелов.");
    expect(say("actions.1.params.message", "invalid_value", "At most 500 characters.")).toBe("Введите текст (до 500 знаков).");
    expect(say("actions.0.params.to", "invalid_value")).toBe("Выберите хотя бы одно значение.");
    expect(say("conditions.all.0.op", "unknown_op")).toBe("Это сравнение не подходит для выбранного поля.");
    expect(say("trigger.event", "unknown_trigger")).toBe("Выберите событие из списка.");
    expect(say("conditions.all.1.value", "invalid_choice", "Pick a risk level")).toBe("Pick a risk level");
    expect(localizeRuleError(t, { path: "name", detail: "Обязательное поле." }).detail).toBe("Обязательное поле.");
  });
});
