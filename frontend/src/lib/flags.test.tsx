import { screen } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { useFlag } from "@/lib/flags";
import { makeMe } from "@/testing/data";
import { renderWithProviders, signInAs } from "@/testing/render-app";
import { api, server } from "@/testing/server";

function Probe() {
  return (
    <p>
      new_chat={String(useFlag("new_chat"))} off={String(useFlag("off_flag"))} missing={String(useFlag("missing"))}
    </p>
  );
}

describe("feature flags", () => {
  it("gives components the flags the backend evaluated for the caller; unknown keys are off", async () => {
    signInAs(makeMe());
    server.use(http.get(api("/flags/"), () => HttpResponse.json({ new_chat: true, off_flag: false })));
    renderWithProviders(<Probe />);
    expect(await screen.findByText("new_chat=true off=false missing=false")).toBeInTheDocument();
  });
});
