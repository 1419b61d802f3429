//! Just enough `multipart/form-data` parsing for file uploads to the fakes.

use super::front_door::find;

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part {
    pub(crate) name: String,
    pub(crate) filename: Option<String>,
    pub(crate) content_type: Option<String>,
    pub(crate) data: Vec<u8>,
}

impl Part {
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.data).into_owned()
    }
}

/// Why a multipart body could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum MultipartError {
    NotMultipart,
    Malformed,
}

/// Parses a body sent with this `Content-Type`.
pub(crate) fn parse(content_type: Option<&str>, body: &[u8]) -> Result<Vec<Part>, MultipartError> {
    let content_type = content_type.ok_or(MultipartError::NotMultipart)?;
    if !content_type
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("multipart/form-data")
    {
        return Err(MultipartError::NotMultipart);
    }
    let boundary = content_type
        .split(';')
        .filter_map(|parameter| parameter.trim().split_once('='))
        .find(|(key, _)| key.trim().eq_ignore_ascii_case("boundary"))
        .map(|(_, value)| value.trim().trim_matches('"').to_string())
        .ok_or(MultipartError::Malformed)?;
    let delimiter = format!("--{boundary}").into_bytes();
    let next_delimiter = format!("\r\n--{boundary}").into_bytes();

    let mut position = find(body, &delimiter).ok_or(MultipartError::Malformed)? + delimiter.len();
    let mut parts = Vec::new();
    loop {
        let rest = body.get(position..).ok_or(MultipartError::Malformed)?;
        if rest.starts_with(b"--") {
            return Ok(parts);
        }
        let rest = rest
            .strip_prefix(b"\r\n")
            .ok_or(MultipartError::Malformed)?;
        let headers_end = find(rest, b"\r\n\r\n").ok_or(MultipartError::Malformed)?;
        let headers = std::str::from_utf8(rest.get(..headers_end).unwrap_or_default())
            .map_err(|_| MultipartError::Malformed)?;
        let content = rest
            .get(headers_end + 4..)
            .ok_or(MultipartError::Malformed)?;
        let content_end = find(content, &next_delimiter).ok_or(MultipartError::Malformed)?;
        let mut part = Part {
            name: String::new(),
            filename: None,
            content_type: None,
            data: content.get(..content_end).unwrap_or_default().to_vec(),
        };
        for header in headers.split("\r\n") {
            let Some((name, value)) = header.split_once(':') else {
                continue;
            };
            if name.trim().eq_ignore_ascii_case("content-disposition") {
                for parameter in value.split(';').skip(1) {
                    if let Some((key, value)) = parameter.trim().split_once('=') {
                        let value = value.trim().trim_matches('"').to_string();
                        match key.trim() {
                            "name" => part.name = value,
                            "filename" => part.filename = Some(value),
                            _ => {}
                        }
                    }
                }
            } else if name.trim().eq_ignore_ascii_case("content-type") {
                part.content_type = Some(value.trim().to_string());
            }
        }
        parts.push(part);
        // Skip past this part's data and the "\r\n--boundary" that ends it.
        let consumed = body.len() - content.len() + content_end + next_delimiter.len();
        position = consumed;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_and_files() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\nphoto\r\n--XyZ\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"add.csv\"\r\nContent-Type: text/csv\r\n\r\nrelease_id,price\r\n1,2.50\r\n--XyZ--\r\n";
        let parts = parse(Some("multipart/form-data; boundary=XyZ"), body).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "type");
        assert_eq!(parts[0].text(), "photo");
        assert_eq!(parts[1].filename.as_deref(), Some("add.csv"));
        assert_eq!(parts[1].content_type.as_deref(), Some("text/csv"));
        assert_eq!(parts[1].text(), "release_id,price\r\n1,2.50");
    }

    #[test]
    fn refuses_other_content_types() {
        assert_eq!(
            parse(Some("application/json"), b"{}"),
            Err(MultipartError::NotMultipart)
        );
    }
}
