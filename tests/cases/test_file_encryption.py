"""Document files are encrypted on disk, streamed in chunks, authenticated, and rotated with the keys."""

import hashlib
import io
import os
import tracemalloc
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from casetracker.cases import services
from casetracker.cases.models import Document
from casetracker.protected.crypto import rotation
from casetracker.protected.crypto.files import CHUNK_SIZE, HEADER_SIZE, RECORD_OVERHEAD, read_key_id
from casetracker.protected.crypto.keys import DecryptionError, key_id, key_ring
from tests.conftest import client_for
from tests.factories import DocumentFactory

MARKER = "Протокол задержания Соколовой А. В., станция Маяковская".encode()
RECORD = CHUNK_SIZE + RECORD_OVERHEAD  # a full record on disk


def make_document(case, content: bytes, name: str = "protocol.pdf") -> Document:
    return DocumentFactory(case=case, file=ContentFile(content, name=name))


def stored_path(document: Document) -> Path:
    return Path(document.file.storage.path(document.file.name))


def read_plaintext(document: Document) -> bytes:
    with document.file.storage.open(document.file.name, "rb") as handle:
        return handle.read()


def download(user, document: Document):
    return client_for(user).get(f"/documents/{document.pk}/download/")


def edit_stored_bytes(document: Document, edit) -> None:
    path = stored_path(document)
    data = bytearray(path.read_bytes())
    path.write_bytes(bytes(edit(data)))


def add_new_key(settings) -> str:
    """Put a new key in front of the configured ones, as an operator does before rotate_keys."""
    new_key = Fernet.generate_key().decode()
    settings.CASETRACKER_ENCRYPTION_KEYS = [new_key, *settings.CASETRACKER_ENCRYPTION_KEYS]
    return new_key


def rotate_keys() -> str:
    output = io.StringIO()
    call_command("rotate_keys", stdout=output, stderr=io.StringIO())
    return output.getvalue()


# --- On disk --------------------------------------------------------------------------------


def test_file_on_disk_starts_with_the_header_and_holds_no_plaintext(own_case):
    document = make_document(own_case, MARKER * 5000)  # several chunks

    raw = stored_path(document).read_bytes()

    assert raw.startswith(b"CTF1\x01" + key_ring().primary_id.encode())
    assert MARKER not in raw
    assert MARKER[:16] not in raw
    assert read_key_id(str(stored_path(document))) == key_ring().primary_id


def test_the_same_content_stored_twice_gives_different_ciphertexts(own_case):
    first, second = make_document(own_case, MARKER), make_document(own_case, MARKER)

    assert stored_path(first).read_bytes()[HEADER_SIZE:] != stored_path(second).read_bytes()[HEADER_SIZE:]


def test_saving_leaves_no_temporary_file_and_the_file_is_owner_only(own_case, settings):
    document = make_document(own_case, MARKER)

    files = [path for path in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if path.is_file()]
    assert files == [stored_path(document)]
    assert stored_path(document).stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    "size",
    [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE, 5 * 1024 * 1024 + 123],
    ids=["empty", "1-byte", "chunk-1", "one-chunk", "chunk+1", "three-chunks", "5MB"],
)
def test_round_trip_of_every_size_keeps_plaintext_hash_and_size(own_case, size):
    content = os.urandom(size)

    document = make_document(own_case, content)

    assert read_plaintext(document) == content
    assert document.sha256 == hashlib.sha256(content).hexdigest()  # the evidence hash is of the plaintext
    assert document.size == size
    assert document.file.storage.size(document.file.name) == size
    assert document.compute_stored_hash() == (document.sha256, size)
    records = max(-(-size // CHUNK_SIZE), 1)
    assert stored_path(document).stat().st_size == HEADER_SIZE + size + records * RECORD_OVERHEAD


def test_reader_reads_across_chunks_rewinds_and_serves_django_chunks(own_case):
    content = os.urandom(2 * CHUNK_SIZE + 500)
    document = make_document(own_case, content)

    with document.file.storage.open(document.file.name, "rb") as handle:
        assert handle.size == len(content)
        assert not handle.seekable()
        assert handle.read(CHUNK_SIZE + 10) == content[: CHUNK_SIZE + 10]  # spans two chunks
        assert handle.tell() == CHUNK_SIZE + 10
        assert handle.read() == content[CHUNK_SIZE + 10 :]
        assert handle.read(10) == b""
        assert b"".join(handle.chunks(chunk_size=1000)) == content  # chunks() rewinds first
        buffer = bytearray(100)
        handle.seek(0)
        assert handle.readinto(buffer) == 100
        assert bytes(buffer) == content[:100]
        with pytest.raises(io.UnsupportedOperation):
            handle.seek(5)
    assert handle.closed


def test_stored_documents_cannot_be_opened_for_writing(own_case):
    document = make_document(own_case, MARKER)

    with pytest.raises(ValueError, match="read-only"):
        document.file.storage.open(document.file.name, "wb")


# --- Tampering, truncation, wrong key: an error, never garbage ------------------------------


def flip_middle_byte(data: bytearray) -> bytearray:
    middle = HEADER_SIZE + (len(data) - HEADER_SIZE) // 2
    data[middle] ^= 0x01
    return data


def alter_byte(data: bytearray, offset: int) -> bytearray:
    data[offset] ^= 0x01
    return data


def test_one_altered_byte_fails_authentication_naming_the_file(own_case):
    document = make_document(own_case, MARKER * 10)
    edit_stored_bytes(document, flip_middle_byte)

    with pytest.raises(DecryptionError, match=rf"document file {document.file.name} failed authentication.*altered"):
        read_plaintext(document)


def test_altered_file_is_reported_by_verify_documents(own_case):
    document = make_document(own_case, MARKER * 10)
    edit_stored_bytes(document, flip_middle_byte)
    stderr = io.StringIO()

    with pytest.raises(CommandError, match="1 of 1 documents failed verification"):
        call_command("verify_documents", stdout=io.StringIO(), stderr=stderr)

    assert f"MISMATCH document {document.pk} " in stderr.getvalue()
    document.refresh_from_db()
    assert document.integrity_ok is False


def test_download_of_an_altered_file_is_404_without_content(lawyer, own_case, caplog):
    document = make_document(own_case, MARKER * 10)
    edit_stored_bytes(document, flip_middle_byte)

    response = download(lawyer, document)

    assert response.status_code == 404
    assert MARKER not in response.content
    assert "failed authentication" in caplog.text


def test_alteration_deep_in_a_large_file_stops_the_download_after_the_authentic_chunks(lawyer, own_case):
    content = os.urandom(4 * CHUNK_SIZE)
    document = make_document(own_case, content)
    edit_stored_bytes(document, lambda data: alter_byte(data, HEADER_SIZE + 2 * RECORD + 50))
    received = bytearray()

    response = download(lawyer, document)
    assert response.status_code == 200  # the start authenticates; the damage is found while streaming
    with pytest.raises(DecryptionError, match="at chunk 2"):
        for piece in response.streaming_content:
            received += piece

    assert bytes(received) == content[: 2 * CHUNK_SIZE]  # only authenticated bytes left the server
    assert int(response["Content-Length"]) > len(received)  # so the client sees an incomplete download


def test_dropping_the_last_chunk_is_detected(lawyer, own_case):
    content = os.urandom(3 * CHUNK_SIZE + 10)
    document = make_document(own_case, content)
    edit_stored_bytes(document, lambda data: data[: HEADER_SIZE + 3 * RECORD])  # the tail record is gone

    with pytest.raises(DecryptionError, match="failed authentication at chunk 2"):
        read_plaintext(document)
    assert download(lawyer, document).status_code == 404  # found from the length, before any byte is sent
    assert services.document_verify(document=document) is False


def test_cutting_a_file_inside_a_chunk_is_detected(own_case):
    document = make_document(own_case, os.urandom(2 * CHUNK_SIZE + 10))
    edit_stored_bytes(document, lambda data: data[:-5])

    with pytest.raises(DecryptionError, match="failed authentication"):
        read_plaintext(document)


def test_swapping_two_chunks_is_detected(own_case):
    document = make_document(own_case, os.urandom(3 * CHUNK_SIZE))

    def swap_first_two(data: bytearray) -> bytearray:
        first = data[HEADER_SIZE : HEADER_SIZE + RECORD]
        second = data[HEADER_SIZE + RECORD : HEADER_SIZE + 2 * RECORD]
        return data[:HEADER_SIZE] + second + first + data[HEADER_SIZE + 2 * RECORD :]

    edit_stored_bytes(document, swap_first_two)

    with pytest.raises(DecryptionError, match="failed authentication at chunk 0"):
        read_plaintext(document)


def test_appending_to_a_file_is_detected(own_case):
    document = make_document(own_case, os.urandom(CHUNK_SIZE + 10))
    # Appending a copy of a genuine record: every byte was once valid ciphertext.
    edit_stored_bytes(document, lambda data: data + data[HEADER_SIZE : HEADER_SIZE + RECORD])

    with pytest.raises(DecryptionError, match="failed authentication"):
        read_plaintext(document)


def test_altering_the_header_salt_is_detected(own_case):
    document = make_document(own_case, MARKER)
    edit_stored_bytes(document, lambda data: alter_byte(data, HEADER_SIZE - 1))

    with pytest.raises(DecryptionError, match="failed authentication at chunk 0"):
        read_plaintext(document)


def test_a_forged_record_length_is_refused_before_reading(own_case):
    document = make_document(own_case, MARKER)
    edit_stored_bytes(document, lambda data: data[:HEADER_SIZE] + b"\xff\xff\xff\xff" + data[HEADER_SIZE + 4 :])

    with pytest.raises(DecryptionError, match="failed authentication"):
        read_plaintext(document)


def test_a_wrong_key_is_a_clear_error_everywhere(lawyer, own_case, settings):
    document = make_document(own_case, MARKER)
    stored_with = key_ring().primary_id
    settings.CASETRACKER_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]

    with pytest.raises(DecryptionError, match=rf"encrypted with key {stored_with}, which is not in CASETRACKER_ENC"):
        read_plaintext(document)
    assert download(lawyer, document).status_code == 404
    with pytest.raises(CommandError, match="1 of 1 documents failed verification"):
        call_command("verify_documents", stdout=io.StringIO(), stderr=io.StringIO())


# --- Download -------------------------------------------------------------------------------


def test_download_streams_the_exact_plaintext_with_its_content_length(lawyer, own_case):
    content = os.urandom(3 * CHUNK_SIZE + 77)
    document = make_document(own_case, content, name="clip.mp4")

    response = download(lawyer, document)

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Length"] == str(len(content))
    assert response["Content-Type"] == "video/mp4"
    assert b"".join(response.streaming_content) == content


# --- Legacy files (stored before file encryption) -------------------------------------------


def make_legacy_document(case, content: bytes) -> Document:
    """A document whose file an earlier version stored as plaintext."""
    document = make_document(case, content)
    stored_path(document).write_bytes(content)
    return document


def test_a_legacy_plaintext_file_is_refused_with_the_remedy_not_served(lawyer, own_case):
    document = make_legacy_document(own_case, MARKER)

    with pytest.raises(DecryptionError, match=r"not encrypted.*rotate_keys"):
        read_plaintext(document)
    response = download(lawyer, document)
    assert response.status_code == 404
    assert MARKER not in response.content


def test_rotate_keys_encrypts_legacy_plaintext_files_and_says_so(own_case):
    content = MARKER * 3000
    legacy = make_legacy_document(own_case, content)
    current = make_document(own_case, b"already encrypted")

    output = rotate_keys()

    assert "Document files: 1 of 2 re-encrypted" in output
    assert "1 of them were stored unencrypted (before file encryption) and are now encrypted" in output
    raw = stored_path(legacy).read_bytes()
    assert raw.startswith(b"CTF1") and MARKER not in raw
    assert read_plaintext(legacy) == content
    assert read_plaintext(current) == b"already encrypted"
    assert services.document_verify(document=legacy) is True


def test_rotate_keys_leaves_an_altered_legacy_file_alone_and_fails(own_case):
    document = make_legacy_document(own_case, MARKER)
    stored_path(document).write_bytes(MARKER.replace("Маяковская".encode(), "Пушкинская".encode()))
    stderr = io.StringIO()

    with pytest.raises(CommandError, match=r"1 file\(s\) were left as they were"):
        call_command("rotate_keys", stdout=io.StringIO(), stderr=stderr)

    assert f"NOT ROTATED document {document.pk}: unencrypted legacy file" in stderr.getvalue()
    assert "no longer matches the SHA-256/size recorded at upload" in stderr.getvalue()
    assert not stored_path(document).read_bytes().startswith(b"CTF1")  # not blessed with a valid tag
    assert not list(stored_path(document).parent.glob("*.part"))


# --- Rotation -------------------------------------------------------------------------------


def test_rotation_rewrites_files_under_the_new_key_readable_with_it_alone(own_case, settings):
    contents = [os.urandom(2 * CHUNK_SIZE + 1), b"", MARKER]
    documents = [make_document(own_case, content) for content in contents]
    old_key = settings.CASETRACKER_ENCRYPTION_KEYS[0]
    new_key = add_new_key(settings)

    output = rotate_keys()

    assert "Document files: 3 of 3 re-encrypted" in output
    assert "MB/s" in output
    new_id = key_id(new_key.encode())
    assert [read_key_id(str(stored_path(document))) for document in documents] == [new_id] * 3
    settings.CASETRACKER_ENCRYPTION_KEYS = [new_key]  # the old key can now be dropped
    assert [read_plaintext(document) for document in documents] == contents
    assert all(services.document_verify(document=document) for document in documents)
    settings.CASETRACKER_ENCRYPTION_KEYS = [old_key]
    with pytest.raises(DecryptionError, match="not in CASETRACKER_ENCRYPTION_KEYS"):
        read_plaintext(documents[0])


def test_a_second_rotation_rewrites_no_file(own_case, settings):
    document = make_document(own_case, MARKER)
    add_new_key(settings)
    rotate_keys()
    rotated_bytes = stored_path(document).read_bytes()

    output = rotate_keys()

    assert "Document files: 0 of 1 re-encrypted" in output
    assert stored_path(document).read_bytes() == rotated_bytes


def test_an_interrupted_rotation_leaves_each_file_old_or_new_and_resumes(own_case, settings, monkeypatch):
    documents = [make_document(own_case, MARKER + bytes([n])) for n in range(3)]
    new_id = key_id(add_new_key(settings).encode())
    real = rotation.write_encrypted_file
    calls = []

    def crash_on_the_second_file(chunks, path):
        calls.append(path)
        if len(calls) == 2:
            next(iter(chunks))  # half-way through reading the file
            raise KeyboardInterrupt
        return real(chunks, path)

    monkeypatch.setattr(rotation, "write_encrypted_file", crash_on_the_second_file)
    with pytest.raises(KeyboardInterrupt):
        rotate_keys()
    monkeypatch.setattr(rotation, "write_encrypted_file", real)

    kids = [read_key_id(str(stored_path(document))) for document in documents]
    assert kids[0] == new_id and kids[1] != new_id and kids[2] != new_id
    assert [read_plaintext(document) for document in documents] == [MARKER + bytes([n]) for n in range(3)]
    assert "Document files: 2 of 3 re-encrypted" in rotate_keys()
    assert {read_key_id(str(stored_path(document))) for document in documents} == {new_id}
    assert not list(stored_path(documents[0]).parent.glob("*.part"))


def test_rotation_reports_a_missing_file_and_rotates_the_others(own_case, settings):
    missing, present = make_document(own_case, MARKER), make_document(own_case, MARKER)
    stored_path(missing).unlink()
    new_id = key_id(add_new_key(settings).encode())
    stderr = io.StringIO()

    with pytest.raises(CommandError, match="Keep their old keys"):
        call_command("rotate_keys", stdout=io.StringIO(), stderr=stderr)

    assert f"NOT ROTATED document {missing.pk}: stored file {missing.file.name} is missing" in stderr.getvalue()
    assert read_key_id(str(stored_path(present))) == new_id


def test_rotation_refuses_to_reencrypt_an_altered_file(own_case, settings):
    document = make_document(own_case, MARKER)
    edit_stored_bytes(document, flip_middle_byte)
    add_new_key(settings)
    stderr = io.StringIO()

    with pytest.raises(CommandError):
        call_command("rotate_keys", stdout=io.StringIO(), stderr=stderr)

    assert f"NOT ROTATED document {document.pk}: document file {document.file.name} failed authentication" in (
        stderr.getvalue()
    )


# --- Memory ---------------------------------------------------------------------------------

LARGE_FILE_BYTES = 50 * 1024 * 1024
MEMORY_CEILING_BYTES = 16 * 1024 * 1024


def test_a_50_mb_video_is_saved_downloaded_and_verified_in_flat_memory(lawyer, own_case, tmp_path):
    source = tmp_path / "clip.mp4"
    digest = hashlib.sha256()
    with source.open("wb") as out:
        for _ in range(LARGE_FILE_BYTES // (1024 * 1024)):
            block = os.urandom(1024 * 1024)
            digest.update(block)
            out.write(block)
    client = client_for(lawyer)

    tracemalloc.start()
    try:
        with source.open("rb") as handle:
            document = Document(case=own_case, kind="video", file=File(handle, name="clip.mp4"))
            document.save()
        response = client.get(f"/documents/{document.pk}/download/")
        downloaded = hashlib.sha256()
        for piece in response.streaming_content:
            downloaded.update(piece)
        verified = services.document_verify(document=document)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    print(f"peak traced memory for a {LARGE_FILE_BYTES // 2**20} MB document: {peak / 2**20:.2f} MB")
    assert document.sha256 == digest.hexdigest()
    assert downloaded.hexdigest() == digest.hexdigest()
    assert verified is True
    assert response["Content-Length"] == str(LARGE_FILE_BYTES)
    assert peak < MEMORY_CEILING_BYTES


def test_a_closed_document_file_can_be_reopened_through_the_field(own_case):
    document = Document.objects.get(pk=make_document(own_case, MARKER).pk)

    with document.file.open("rb") as handle:
        assert handle.read() == MARKER
    with document.file.open("rb") as handle:
        assert handle.read(5) == MARKER[:5]
