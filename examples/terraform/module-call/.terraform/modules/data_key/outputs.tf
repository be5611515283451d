output "key_arn" {
  value = try(aws_kms_key.this[0].arn, null)
}

output "key_id" {
  value = try(aws_kms_key.this[0].key_id, null)
}
