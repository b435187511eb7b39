"""The tour notebook runs end to end, offline, on the venv's own kernel."""
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "partyfacts_tour.ipynb"


@pytest.fixture(scope="module")
def executed():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(notebook, kernel_name="python3", timeout=120,
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    return notebook


def _outputs(notebook, output_type):
    return [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])
            if o.output_type == output_type]


def test_every_code_cell_ran_without_error(executed):
    code = [cell for cell in executed.cells if cell.cell_type == "code"]
    assert code and all(cell.execution_count for cell in code)
    assert _outputs(executed, "error") == []


def test_the_notebook_shows_tables_and_draws_a_plot(executed):
    results = _outputs(executed, "execute_result") + _outputs(executed, "display_data")
    assert sum("text/html" in o.data for o in results) >= 5
    assert any("image/png" in o.data for o in results)
    assert " articles read, " in "".join(o.text for o in _outputs(executed, "stream"))
