import { render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RiskChip } from "@/components/ui/risk-chip";
import { SlaChip } from "@/components/ui/sla-chip";
import i18n from "@/lib/i18n";

const NOW = Date.parse("2026-03-02T12:00:00Z");
const inMinutes = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();

describe("SlaChip", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date", "setInterval", "clearInterval"] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  it("on track: a neutral countdown of the time left, from due_at", () => {
    render(<SlaChip sla={{ stage: "take", due_at: inMinutes(135), remaining_seconds: 999, state: "on_track" }} />);
    const chip = screen.getByTestId("sla-chip");
    expect(chip).toHaveAttribute("data-state", "on_track");
    expect(chip).toHaveTextContent(/^Осталось 2 ч 15 мин$/);
    expect(chip.className).not.toMatch(/colorError|colorWarning/);
    expect(chip).toHaveAccessibleName(/Срок этапа «Взять заявку»/);
  });

  it("warning: amber, with the time left", () => {
    render(<SlaChip sla={{ stage: "price", due_at: inMinutes(10), remaining_seconds: 600, state: "warning" }} />);
    const chip = screen.getByTestId("sla-chip");
    expect(chip).toHaveAttribute("data-state", "warning");
    expect(chip).toHaveTextContent("Скоро срок: 10 мин");
    expect(chip.className).toMatch(/colorWarning/);
  });

  it("breached: red, says the deadline was missed", () => {
    render(<SlaChip sla={{ stage: "confirm_payment", due_at: inMinutes(-30), remaining_seconds: -1800, state: "breached" }} />);
    const chip = screen.getByTestId("sla-chip");
    expect(chip).toHaveAttribute("data-state", "breached");
    expect(chip).toHaveTextContent("Срок нарушен");
    expect(chip.className).toMatch(/colorError/);
  });

  it("a clock that ran out since the last refresh shows as breached", () => {
    render(<SlaChip sla={{ stage: "take", due_at: inMinutes(-1), remaining_seconds: 60, state: "on_track" }} />);
    expect(screen.getByTestId("sla-chip")).toHaveAttribute("data-state", "breached");
  });

  it("shows nothing when the stage has no clock (null or absent)", () => {
    const { container } = render(<><SlaChip sla={null} /><SlaChip sla={undefined} /></>);
    expect(container).toBeEmptyDOMElement();
  });

  it("speaks English too", async () => {
    await i18n.changeLanguage("en");
    render(<SlaChip sla={{ stage: "take", due_at: inMinutes(5), remaining_seconds: 300, state: "on_track" }} />);
    expect(screen.getByTestId("sla-chip")).toHaveTextContent(/^5 mins? left$/);
  });
});

describe("RiskChip", () => {
  it.each([
    ["low", "Риск: низкий", /colorSuccess/],
    ["medium", "Риск: средний", /colorWarning/],
    ["high", "Риск: высокий", /colorError/],
    ["insufficient_data", "Риск: мало данных", /colorDefault/],
  ] as const)("%s: the level only, in words and colour", (level, text, colour) => {
    render(<RiskChip level={level} />);
    const chip = screen.getByTestId("risk-chip");
    expect(chip).toHaveTextContent(text);
    expect(chip.className).toMatch(colour);
    // Only the level: no digits (no score) anywhere on the chip.
    expect(chip.textContent).not.toMatch(/\d/);
  });

  it("shows nothing without a level", () => {
    const { container } = render(<RiskChip level={null} />);
    expect(container).toBeEmptyDOMElement();
  });
});
