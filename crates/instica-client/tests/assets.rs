//! Assets: multipart uploads, MIME refusals and deletion.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{BEARER, client, json_answer};
use instica_client::prelude::*;
use instica_client::{AssetType, AssetUid, AssetUpload, InsticaError};
use wiremock::matchers::{header, header_regex, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];

#[tokio::test]
async fn a_single_upload_sends_the_file_and_its_fields() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/inv_d4e5f6/assets/"))
        .and(header("authorization", BEARER))
        .and(header_regex(
            "content-type",
            "^multipart/form-data; boundary=",
        ))
        .respond_with(json_answer("asset.json", &server))
        .expect(1)
        .mount(&server)
        .await;

    let upload = AssetUpload::new(AssetType::Photo)
        .file("photo.jpg", "image/jpeg", JPEG.to_vec())
        .description("Front cover")
        .identifying(true);
    let asset = client(&server)
        .item("inv_d4e5f6")
        .assets()
        .upload(&upload)
        .await
        .unwrap();
    assert_eq!(asset.uid.as_str(), "ast_g7h8i9");
    assert_eq!(asset.asset_type, AssetType::Photo);
    assert!(asset.is_identifying_asset);
    assert_eq!(asset.file_size, Some(2_847_392));

    let requests = server.received_requests().await.unwrap();
    let body = String::from_utf8_lossy(&requests[0].body);
    assert!(
        body.contains("name=\"file\"; filename=\"photo.jpg\""),
        "{body}"
    );
    assert!(body.contains("Content-Type: image/jpeg"), "{body}");
    assert!(body.contains("name=\"type\"\r\n\r\nphoto\r\n"), "{body}");
    assert!(
        body.contains("name=\"description\"\r\n\r\nFront cover\r\n"),
        "{body}"
    );
    assert!(
        body.contains("name=\"is_identifying_asset\"\r\n\r\ntrue\r\n"),
        "{body}"
    );
    assert!(requests[0].body.windows(JPEG.len()).any(|w| w == JPEG));
}

#[tokio::test]
async fn an_unsupported_mime_type_is_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201))
        .expect(0)
        .mount(&server)
        .await;
    let assets = client(&server).item("inv_d4e5f6").assets();

    let pdf = AssetUpload::new(AssetType::Photo).file("scan.pdf", "application/pdf", vec![1, 2]);
    let error = assets.upload(&pdf).await.unwrap_err();
    assert!(matches!(error, InsticaError::InvalidInput(_)));
    assert!(error.to_string().contains("application/pdf"), "{error}");
    assert!(error.to_string().contains("image/heic"), "{error}");

    let tiff = AssetUpload::new(AssetType::Photo)
        .file("a.jpg", "image/jpeg", JPEG.to_vec())
        .file("b.tiff", "image/tiff", vec![1]);
    assert!(assets.upload_batch(&tiff).await.is_err());

    let none = AssetUpload::new(AssetType::Photo);
    assert!(assets.upload(&none).await.is_err());

    let empty = AssetUpload::new(AssetType::Photo).file("a.png", "image/png", Vec::new());
    assert!(assets.upload(&empty).await.is_err());

    let mut eleven = AssetUpload::new(AssetType::Photo);
    for n in 0..11 {
        eleven = eleven.file(format!("{n}.jpg"), "image/jpeg", JPEG.to_vec());
    }
    let error = assets.upload_batch(&eleven).await.unwrap_err();
    assert!(error.to_string().contains("at most 10 files"), "{error}");
    assert!(assets.upload(&eleven).await.is_err());
}

#[tokio::test]
async fn a_batch_upload_sends_every_file_as_files() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/inv_d4e5f6/assets/batch/"))
        .and(header("authorization", BEARER))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(common::fixture("asset_batch.json", &server)),
        )
        .expect(1)
        .mount(&server)
        .await;

    let upload = AssetUpload::new(AssetType::Photo)
        .file("a.jpg", "image/jpeg", JPEG.to_vec())
        .file("b.png", "IMAGE/PNG", vec![0x89, b'P', b'N', b'G']);
    let report = client(&server)
        .item("inv_d4e5f6")
        .assets()
        .upload_batch(&upload)
        .await
        .unwrap();
    assert_eq!(report.created_count, 2);
    assert_eq!(report.created[1].uid.as_str(), "ast_2");
    assert_eq!(report.associated_inventory_items_count, 1);

    let requests = server.received_requests().await.unwrap();
    let body = String::from_utf8_lossy(&requests[0].body);
    assert_eq!(body.matches("name=\"files\"").count(), 2, "{body}");
    assert!(
        body.contains("filename=\"b.png\"\r\nContent-Type: image/png"),
        "{body}"
    );
    assert!(body.contains("name=\"type\"\r\n\r\nphoto"), "{body}");
}

#[tokio::test]
async fn an_upload_over_the_photo_limit_is_rejected_and_not_resent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/inv_d4e5f6/assets/"))
        .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({
            "detail": "Photo limit per item reached (photos_per_item_limit = 12)."
        })))
        .expect(1)
        .mount(&server)
        .await;

    let upload = AssetUpload::new(AssetType::Photo).file("p.webp", "image/webp", vec![1, 2, 3]);
    let error = client(&server)
        .item("inv_d4e5f6")
        .assets()
        .upload(&upload)
        .await
        .unwrap_err();
    assert!(error.message().unwrap().contains("photos_per_item_limit"));
}

#[tokio::test]
async fn a_503_on_upload_is_not_sent_again() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/inventory/inv_d4e5f6/assets/"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;

    let upload = AssetUpload::new(AssetType::Photo).file("p.gif", "image/gif", vec![b'G']);
    let result = client(&server)
        .item("inv_d4e5f6")
        .assets()
        .upload(&upload)
        .await;
    assert!(result.is_err());
}

#[tokio::test]
async fn delete_removes_one_asset() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/inventory/inv_d4e5f6/assets/ast_g7h8i9/"))
        .and(header("authorization", BEARER))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .item("inv_d4e5f6")
        .assets()
        .delete(&AssetUid::new("ast_g7h8i9"))
        .await
        .unwrap();
}
