"""End to end in a real editor: headless Neovim's built-in client attached to `toilint server`.

Opens a file with a regex call in a loop, waits for PERF101 to arrive, applies the server's
quick fix through Neovim's own workspace-edit code, and waits for the warning to go away.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.lsp.conftest import REGEX_IN_LOOP

NVIM = shutil.which("nvim")
SETUP = Path(__file__).resolve().parents[2] / "lsp" / "editors" / "neovim" / "toilint.lua"

SCRIPT = r"""
local function finish(ok, msg)
  io.stdout:write((ok and "OK " or "FAIL ") .. msg .. "\n")
  vim.cmd(ok and "qall!" or "cquit 1")
end

local function perf101()
  for _, d in ipairs(vim.diagnostic.get(0)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    if code == "PERF101" then
      return d
    end
  end
  return nil
end

dofile(SETUP).setup({ cmd = SERVER })
vim.cmd("edit " .. FILE)

if not vim.wait(WAIT, function() return perf101() ~= nil end, 20) then
  return finish(false, "no PERF101 diagnostic arrived")
end
local d = perf101()
-- Neovim 0.7 keeps only part of the protocol diagnostic in user_data: rebuild what the request needs
local lsp_diag = {
  range = { start = { line = d.lnum, character = d.col }, ["end"] = { line = d.end_lnum, character = d.end_col } },
  message = d.message,
  code = "PERF101",
  source = "toilint",
}
local params = {
  textDocument = vim.lsp.util.make_text_document_params(),
  range = lsp_diag.range,
  context = { diagnostics = { lsp_diag } },
}
local responses = vim.lsp.buf_request_sync(0, "textDocument/codeAction", params, WAIT)
local fix
for _, response in pairs(responses or {}) do
  for _, action in ipairs(response.result or {}) do
    if action.title:match("^PERF101") then
      fix = action
    end
  end
end
if not fix or not fix.edit then
  return finish(false, "no PERF101 quick fix was offered")
end
vim.lsp.util.apply_workspace_edit(fix.edit, "utf-16")
if not vim.wait(WAIT, function() return perf101() == nil end, 20) then
  return finish(false, "PERF101 is still reported after the fix")
end
finish(true, table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n"))
"""


@pytest.mark.skipif(NVIM is None, reason="Neovim (`nvim`) is not installed")
def test_neovim_shows_the_diagnostic_and_the_quick_fix_removes_it(tmp_path: Path) -> None:
    source = tmp_path / "scan.toi"
    source.write_text(REGEX_IN_LOOP)
    server = "{" + ", ".join(f'"{part}"' for part in (sys.executable, "-m", "toilint", "server")) + "}"
    script = tmp_path / "e2e.lua"
    script.write_text(
        f'local SETUP = "{SETUP}"\nlocal SERVER = {server}\nlocal FILE = "{source}"\nlocal WAIT = 8000\n' + SCRIPT
    )
    env = {
        **os.environ,
        "XDG_STATE_HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path),
    }
    proc = subprocess.run(
        [str(NVIM), "--headless", "--clean", "-n", "-c", f"luafile {script}"],
        capture_output=True,
        text=True,
        timeout=30,
        env=env,
        cwd=tmp_path,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0 and "OK " in out, out
    fixed = out.split("OK ", 1)[1]
    assert "regex.compile(" in fixed  # the fix hoisted a compiled pattern
    assert ".search(line)" in fixed


EDIT_SCRIPT = r"""
local function finish(ok, msg)
  io.stdout:write((ok and "OK " or "FAIL ") .. msg .. "\n")
  vim.cmd(ok and "qall!" or "cquit 1")
end

local function lines()
  return table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n")
end

dofile(SETUP).setup({ cmd = SERVER })
vim.cmd("edit " .. FILE)

-- the server is ready once it answers a request about the buffer
local ready = vim.wait(WAIT, function()
  local r = vim.lsp.buf_request_sync(0, "textDocument/documentSymbol",
    { textDocument = vim.lsp.util.make_text_document_params() }, 500)
  for _, response in pairs(r or {}) do
    if response.result and #response.result > 0 then return true end
  end
  return false
end, 50)
if not ready then return finish(false, "the server did not answer") end

-- rename the function from its declaration, with Neovim's own rename
vim.api.nvim_win_set_cursor(0, { 1, 4 })
vim.lsp.buf.rename("tally_words")
if not vim.wait(WAIT, function() return lines():find("total = tally_words%(") ~= nil end, 20) then
  return finish(false, "rename did not reach the call: " .. lines())
end

-- type half a name on a new line, ask for completions there and accept the function
local last = vim.api.nvim_buf_line_count(0)
vim.api.nvim_buf_set_lines(0, last, last, false, { "print tal" })
local params = {
  textDocument = vim.lsp.util.make_text_document_params(),
  position = { line = last, character = 9 },
}
local word
vim.wait(WAIT, function()
  local responses = vim.lsp.buf_request_sync(0, "textDocument/completion", params, 1000)
  for _, response in pairs(responses or {}) do
    local items = vim.lsp.util.text_document_completion_list_to_complete_items(response.result or {}, "tal")
    for _, item in ipairs(items) do
      if item.word == "tally_words" then word = item.word end
    end
  end
  return word ~= nil
end, 50)
if not word then return finish(false, "no completion `tally_words` offered") end
vim.api.nvim_buf_set_text(0, last, 6, last, 9, { word })
finish(true, lines())
"""

EDIT_SOURCE = 'fn count_words(line)\n    return #line\n\ntotal = count_words("a b")\nprint total\n'


@pytest.mark.skipif(NVIM is None, reason="Neovim (`nvim`) is not installed")
def test_neovim_renames_a_function_and_accepts_a_completion(tmp_path: Path) -> None:
    source = tmp_path / "words.toi"
    source.write_text(EDIT_SOURCE)
    server = "{" + ", ".join(f'"{part}"' for part in (sys.executable, "-m", "toilint", "server")) + "}"
    script = tmp_path / "edit.lua"
    script.write_text(
        f'local SETUP = "{SETUP}"\nlocal SERVER = {server}\nlocal FILE = "{source}"\nlocal WAIT = 8000\n' + EDIT_SCRIPT
    )
    env = {
        **os.environ,
        "XDG_STATE_HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path),
    }
    proc = subprocess.run(
        [str(NVIM), "--headless", "--clean", "-n", "-c", f"luafile {script}"],
        capture_output=True,
        text=True,
        timeout=30,
        env=env,
        cwd=tmp_path,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0 and "OK " in out, out
    edited = proc.stdout.split("OK ", 1)[1]
    assert "fn tally_words(line)" in edited
    assert 'total = tally_words("a b")' in edited
    assert edited.rstrip().endswith("print tally_words")
