"""Case summary ZIPs are encrypted on disk as they are written, and decrypted as they are downloaded."""

import io
import os
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command

from casetracker.protected.crypto.file_reader import open_decrypting
from casetracker.protected.crypto.files import (
    CHUNK_SIZE,
    HEADER_SIZE,
    MAGIC,
    RECORD_OVERHEAD,
    EncryptingWriter,
    plaintext_size,
    read_key_id,
)
from casetracker.protected.crypto.keys import DecryptionError, key_ring
from casetracker.reports.models import BatchStatus, CaseSummaryBatch
from casetracker.reports.storage import private_export_storage
from casetracker.reports.summaries import services
from casetracker.reports.summaries.services import batch_build
from tests.conftest import client_for
from tests.reports.conftest import make_batch, pdf_text

pytestmark = pytest.mark.django_db

RECORD = CHUNK_SIZE + RECORD_OVERHEAD


def built_batch(user, cases) -> CaseSummaryBatch:
    batch = make_batch(user, cases)
    batch_build(batch=batch)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE
    return batch


def stored_path(batch: CaseSummaryBatch) -> Path:
    return Path(batch.file.path)


def download(user, batch: CaseSummaryBatch):
    return client_for(user).get(f"/reports/batches/{batch.pk}/download/")


def downloaded_zip(response) -> bytes:
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    return data


def batch_with_zip(user, members: dict[str, bytes]) -> CaseSummaryBatch:
    """A finished batch whose ZIP is written the way batch_build writes one, with chosen members:
    large random (incompressible) ones make a file of several chunks quickly."""
    batch = make_batch(user, [], status=BatchStatus.DONE)
    name = f"batch-{batch.pk}.zip"
    path = Path(private_export_storage().path(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    with EncryptingWriter(path) as out, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for member, data in members.items():
            with zf.open(member, "w", force_zip64=True) as handle:
                handle.write(data)
    CaseSummaryBatch.objects.filter(pk=batch.pk).update(file=name)
    batch.refresh_from_db()
    return batch


def edit_stored_bytes(batch: CaseSummaryBatch, edit) -> None:
    path = stored_path(batch)
    path.write_bytes(bytes(edit(bytearray(path.read_bytes()))))


def flip(offset: int):
    def edit(data: bytearray) -> bytearray:
        data[offset] ^= 0x01
        return data

    return edit


# --- On disk --------------------------------------------------------------------------------


def test_zip_on_disk_is_encrypted_and_holds_no_plaintext(lawyer, three_cases):
    batch = built_batch(lawyer, three_cases)

    stored = stored_path(batch).read_bytes()

    assert stored.startswith(MAGIC)
    assert read_key_id(str(stored_path(batch))) == key_ring().primary_id
    for marker in (b"%PDF", b"PK\x03\x04", b"PK\x05\x06", *(case.reference.encode() for case in three_cases)):
        assert marker not in stored, marker
    assert stored_path(batch).stat().st_mode & 0o077 == 0
    assert sorted(path.name for path in stored_path(batch).parent.iterdir()) == [f"batch-{batch.pk}.zip"]


def test_a_failed_build_leaves_no_file_behind(lawyer, three_cases, monkeypatch):
    batch = make_batch(lawyer, three_cases)
    render = services.case_summary_render
    calls = []

    def fail_on_the_second(**kwargs):
        calls.append(kwargs["case"].pk)
        if len(calls) == 2:
            raise RuntimeError("typesetting failed")
        return render(**kwargs)

    monkeypatch.setattr(services, "case_summary_render", fail_on_the_second)

    with pytest.raises(RuntimeError):
        batch_build(batch=batch)

    batch.refresh_from_db()
    assert (batch.status, batch.file.name) == (BatchStatus.FAILED, "")
    assert list(Path(private_export_storage().location).iterdir()) == []


# --- Download -------------------------------------------------------------------------------


def test_download_decrypts_the_zip_with_the_plaintext_content_length(lawyer, three_cases):
    batch = built_batch(lawyer, three_cases)

    response = download(lawyer, batch)
    data = downloaded_zip(response)

    assert int(response["Content-Length"]) == len(data) == plaintext_size(str(stored_path(batch)))
    assert len(data) < stored_path(batch).stat().st_size
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
        assert sorted(zf.namelist()) == sorted(f"{case.reference}.pdf" for case in three_cases)
        for case in three_cases:
            pdf = zf.read(f"{case.reference}.pdf")
            assert pdf.startswith(b"%PDF-")
            assert case.reference in pdf_text(pdf)


def test_a_zip_of_several_chunks_downloads_exactly(lawyer):
    members = {"a.bin": os.urandom(3 * CHUNK_SIZE + 123), "b.bin": b"", "c.bin": os.urandom(1000)}
    batch = batch_with_zip(lawyer, members)
    assert stored_path(batch).stat().st_size > 3 * RECORD

    data = downloaded_zip(download(lawyer, batch))

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert {name: zf.read(name) for name in zf.namelist()} == members


@pytest.mark.parametrize(
    "where",
    ["header salt", "first chunk", "middle chunk", "last chunk", "dropped last chunk", "appended byte"],
)
def test_an_altered_zip_is_refused_with_a_clear_answer_and_no_content(lawyer, where, caplog):
    secret = b"Sokolova personal data " * 20
    batch = batch_with_zip(lawyer, {"a.txt": secret, "big.bin": os.urandom(3 * CHUNK_SIZE)})
    size = stored_path(batch).stat().st_size
    edits = {
        "header salt": flip(HEADER_SIZE - 1),
        "first chunk": flip(HEADER_SIZE + 100),
        "middle chunk": flip(HEADER_SIZE + 2 * RECORD + 100),
        "last chunk": flip(size - 5),
        "dropped last chunk": lambda data: data[: HEADER_SIZE + 3 * RECORD],
        "appended byte": lambda data: data + b"\x00",
    }
    edit_stored_bytes(batch, edits[where])

    response = download(lawyer, batch)

    assert response.status_code == 410
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert b"cannot be decrypted" in response.content
    assert secret[:20] not in response.content and b"PK" not in response.content
    assert "failed authentication" in caplog.text


def test_the_smallest_alteration_of_a_real_batch_is_refused(lawyer, three_cases, caplog):
    batch = built_batch(lawyer, three_cases)
    edit_stored_bytes(batch, flip(stored_path(batch).stat().st_size // 2))

    response = download(lawyer, batch)

    assert response.status_code == 410
    assert b"%PDF" not in response.content
    assert f"Case summary batch {batch.pk}" in caplog.text


def test_a_zip_under_a_key_no_longer_configured_is_refused(lawyer, three_cases, settings, caplog):
    batch = built_batch(lawyer, three_cases)
    settings.CASETRACKER_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]

    response = download(lawyer, batch)

    assert response.status_code == 410
    assert "not in CASETRACKER_ENCRYPTION_KEYS" in caplog.text


def test_a_plaintext_zip_of_an_earlier_version_is_not_served(lawyer):
    batch = make_batch(lawyer, [], status=BatchStatus.DONE, file="batch-legacy.zip")
    path = stored_path(batch)
    path.parent.mkdir(parents=True)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("A-1.pdf", b"%PDF-1.7 personal")

    response = download(lawyer, batch)

    assert response.status_code == 410
    assert b"personal" not in response.content


def test_a_missing_zip_is_404(lawyer, three_cases):
    batch = built_batch(lawyer, three_cases)
    stored_path(batch).unlink()

    assert download(lawyer, batch).status_code == 404


# --- The writer -----------------------------------------------------------------------------


@pytest.mark.parametrize("size", [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 2 * CHUNK_SIZE, 3 * CHUNK_SIZE + 7])
def test_writer_round_trip_at_chunk_boundaries(tmp_path, size):
    content = os.urandom(size)
    path = tmp_path / "file.bin"
    pieces = [content[i : i + 5000] for i in range(0, size, 5000)]  # odd-sized writes across chunks

    with EncryptingWriter(path) as out:
        for piece in pieces:
            assert out.write(piece) == len(piece)
        assert out.tell() == size
        assert not path.exists()  # nothing at the final name until committed

    assert plaintext_size(str(path)) == size
    with open_decrypting(str(path), label="file.bin") as reader:
        assert reader.read() == content
    assert path.stat().st_mode & 0o077 == 0
    assert [entry.name for entry in tmp_path.iterdir()] == ["file.bin"]


def test_writer_is_not_seekable_and_accepts_any_buffer(tmp_path):
    path = tmp_path / "file.bin"
    with EncryptingWriter(path) as out:
        assert (out.writable(), out.seekable(), out.readable()) == (True, False, False)
        with pytest.raises(io.UnsupportedOperation):
            out.seek(0)
        out.write(memoryview(b"abc"))
        out.write(bytearray(b"def"))
        out.flush()  # writes nothing: only the last record may be short
    with open_decrypting(str(path), label="file.bin") as reader:
        assert reader.read() == b"abcdef"


def test_writer_keeps_the_previous_file_and_no_temporary_when_the_block_fails(tmp_path):
    path = tmp_path / "file.bin"
    with EncryptingWriter(path) as out:
        out.write(b"previous")

    with pytest.raises(RuntimeError), EncryptingWriter(path, temporary=tmp_path / "file.bin.part") as out:
        out.write(os.urandom(3 * CHUNK_SIZE))
        raise RuntimeError("producer failed")

    with open_decrypting(str(path), label="file.bin") as reader:
        assert reader.read() == b"previous"
    assert [entry.name for entry in tmp_path.iterdir()] == ["file.bin"]


def test_a_dropped_writer_is_discarded_not_committed(tmp_path):
    path = tmp_path / "file.bin"
    out = EncryptingWriter(path)
    out.write(b"half")
    out.close()

    with pytest.raises(ValueError, match="discarded"):
        out.commit()
    assert list(tmp_path.iterdir()) == []


def test_a_zip_streamed_through_the_writer_holds_flat_memory(tmp_path):
    """A 32 MB member goes through zipfile and the writer with well under a megabyte held."""
    path = tmp_path / "big.zip"
    piece = os.urandom(256 * 1024)
    tracemalloc.start()
    try:
        with (
            EncryptingWriter(path) as out,
            zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf,
            zf.open("big.bin", "w", force_zip64=True) as member,
        ):
            for _ in range(128):
                member.write(piece)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert peak < 2 * 1024 * 1024, peak
    assert path.stat().st_size > 32 * 1024 * 1024
    with open_decrypting(str(path), label="big.zip") as reader:
        assert reader.read(4) == b"PK\x03\x04"


# --- Key rotation and purge -----------------------------------------------------------------


def add_new_key(settings) -> str:
    new_key = Fernet.generate_key().decode()
    settings.CASETRACKER_ENCRYPTION_KEYS = [new_key, *settings.CASETRACKER_ENCRYPTION_KEYS]
    return new_key


def rotate_keys() -> tuple[str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("rotate_keys", stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def test_rotate_keys_reencrypts_zips_readable_with_the_new_key_alone(lawyer, three_cases, settings):
    batch = built_batch(lawyer, three_cases)
    before = downloaded_zip(download(lawyer, batch))
    new_key = add_new_key(settings)

    output, _ = rotate_keys()

    assert "Case summary ZIPs: 1 of 1 re-encrypted" in output
    settings.CASETRACKER_ENCRYPTION_KEYS = [new_key]
    assert read_key_id(str(stored_path(batch))) == key_ring().primary_id
    assert downloaded_zip(download(lawyer, batch)) == before
    assert "Case summary ZIPs: 0 of 1 re-encrypted" in rotate_keys()[0]


def test_rotate_keys_encrypts_a_plaintext_zip_of_an_earlier_version(lawyer):
    batch = make_batch(lawyer, [], status=BatchStatus.DONE, file="batch-legacy.zip")
    path = stored_path(batch)
    path.parent.mkdir(parents=True)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("A-1.pdf", b"%PDF-1.7 personal")

    output, _ = rotate_keys()

    assert "Case summary ZIPs: 1 of 1 re-encrypted" in output
    assert "1 of them were stored unencrypted (before file encryption) and are now encrypted" in output
    assert b"personal" not in path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(downloaded_zip(download(lawyer, batch)))) as zf:
        assert zf.read("A-1.pdf") == b"%PDF-1.7 personal"


def test_rotate_keys_skips_an_unreadable_zip_with_a_note_and_goes_on(lawyer, three_cases, settings):
    altered = built_batch(lawyer, three_cases[:1])
    missing = built_batch(lawyer, three_cases[1:2])
    fine = built_batch(lawyer, three_cases[2:])
    edit_stored_bytes(altered, flip(HEADER_SIZE + 100))
    altered_bytes = stored_path(altered).read_bytes()
    stored_path(missing).unlink()
    add_new_key(settings)

    output, errors = rotate_keys()  # no CommandError: exports are not worth keeping an old key for

    assert "Case summary ZIPs: 1 of 3 re-encrypted" in output
    assert f"SKIPPED case summary batch {altered.pk}: " in errors and "failed authentication" in errors
    assert f"SKIPPED case summary batch {missing.pk}: stored file batch-{missing.pk}.zip is missing" in errors
    assert stored_path(altered).read_bytes() == altered_bytes  # never re-encrypted into looking authentic
    assert read_key_id(str(stored_path(fine))) == key_ring().primary_id
    assert "Done." in output


def test_rotation_leaves_unfinished_batches_alone(lawyer, three_cases, settings):
    batch = built_batch(lawyer, three_cases)
    CaseSummaryBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING)  # being rebuilt
    old_bytes = stored_path(batch).read_bytes()
    add_new_key(settings)

    assert "Case summary ZIPs: 0 of 0 re-encrypted" in rotate_keys()[0]
    assert stored_path(batch).read_bytes() == old_bytes


def test_decryption_errors_name_the_file(lawyer, three_cases):
    batch = built_batch(lawyer, three_cases)
    edit_stored_bytes(batch, flip(HEADER_SIZE + 100))

    with pytest.raises(DecryptionError, match=f"batch-{batch.pk}.zip"):
        batch.file.open("rb").read()
