{{ config(materialized='view') }}
-- staging: one row per citizen
select
    id as citizen_id,
    egn,
    first_name || ' ' || last_name as full_name,
    district,
    {{ dbt_utils.generate_surrogate_key(['egn']) }} as citizen_key
from {{ source('public', 'citizens') }}
{% if is_incremental() %}
where created_at > (select max(created_at) from {{ this }})
{% endif %}
