// The app's entry: loads chain.json, connects to the chain, draws the page named in the address's
// hash (#stake, #position, #operators, #consumers), and connects the wallet on request.

import { formatAmount } from "./amount";
import { App } from "./app";
import { Chain, Writer } from "./chain";
import { loadConfig } from "./config";
import { explainError } from "./errors";
import { consumersPage } from "./pages/consumers";
import { operatorsPage } from "./pages/operators";
import { positionPage } from "./pages/position";
import { stakePage } from "./pages/stake";
import { h } from "./ui";
import { connectWallet, findKeplr } from "./wallet";
import "./style.css";

const PAGES = { stake: stakePage, position: positionPage, operators: operatorsPage, consumers: consumersPage };
type PageName = keyof typeof PAGES;

const pageName = (): PageName => {
  const name = location.hash.replace(/^#/, "");
  return name in PAGES ? (name as PageName) : "stake";
};

async function start(root: HTMLElement) {
  const message = h("div", { class: "message", role: "alert", "data-testid": "message" });
  const txStatus = h("div", { class: "tx", "data-testid": "tx-status" });
  const main = h("main", {});
  const account = h("span", { "data-testid": "account" }, "not connected");
  const nav = h("nav", {}, ...Object.keys(PAGES).map((name) =>
    h("a", { href: `#${name}`, "data-testid": `nav-${name}` }, name[0].toUpperCase() + name.slice(1))));
  let config;
  let chain;
  try {
    config = await loadConfig();
    chain = await Chain.connect(config);
  } catch (error) {
    root.replaceChildren(h("p", { class: "message error", role: "alert", "data-testid": "message" }, explainError(error)));
    return;
  }
  const info = await chain.lrt.tokenInfo();
  let drawing = Promise.resolve();
  const draw = async () => {
    const name = pageName();
    for (const link of nav.querySelectorAll("a")) link.classList.toggle("current", link.getAttribute("href") === `#${name}`);
    try {
      const page = await PAGES[name](app);
      main.replaceChildren(page);
      main.dataset.page = name;
    } catch (error) {
      app.fail(error);
    }
  };
  const rerender = () => (drawing = drawing.then(draw));
  // A click on the current page's link draws it again from the chain (no hash change happens).
  nav.addEventListener("click", (event) => {
    const href = (event.target as HTMLElement).getAttribute("href");
    if (href === location.hash || (href === "#stake" && location.hash === "")) {
      app.clear();
      void rerender();
    }
  });
  const app = new App(config, chain, { denom: config.contracts.lrt, symbol: info.symbol, decimals: info.decimals },
    message, txStatus, rerender);

  const connect = h("button", { "data-testid": "connect" }, "Connect wallet");
  connect.addEventListener("click", async () => {
    app.clear();
    try {
      const keplr = findKeplr();
      const wallet = await connectWallet(config, keplr);
      app.wallet = wallet;
      app.writer = await Writer.connect(config, wallet.signer, wallet.address);
      account.replaceChildren(`${wallet.name}: ${wallet.address}`);
      connect.textContent = "Reconnect";
      await rerender();
    } catch (error) {
      app.fail(error);
    }
  });
  const bond = config.bondToken;
  root.replaceChildren(
    h("header", {},
      h("h1", {}, "Palisade"),
      h("p", { class: "hint" }, `Restake ${bond.symbol} on ${config.chainName} (${config.chainId}) and receive ${info.symbol}. `,
        `${formatAmount(BigInt(info.total_supply), info.decimals)} ${info.symbol} in circulation.`),
      nav, h("div", { class: "wallet" }, account, " ", connect)),
    message, txStatus, main);
  window.addEventListener("hashchange", () => {
    app.clear();
    void rerender();
  });
  await rerender();
}

void start(document.getElementById("app")!);
